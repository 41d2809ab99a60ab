"""Valid-looking Russian company identifiers for demo data (check digits computed)."""

INN_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)


def inn_for(seed: int) -> str:
    body = f"77{seed:07d}"[:9]
    check = sum(int(d) * w for d, w in zip(body, INN_WEIGHTS, strict=True)) % 11 % 10
    return body + str(check)


def ogrn_for(seed: int) -> str:
    body = f"1027700{seed:05d}"[:12]
    return body + str(int(body) % 11 % 10)


def kpp_for(inn: str) -> str:
    return inn[:4] + "01001"
