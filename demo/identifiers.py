"""Valid-looking Russian company identifiers for demo data (check digits computed by
reference.validators, the one place)."""

from reference.validators import inn_check_digits, ogrn_check_digit


def inn_for(seed: int) -> str:
    body = f"77{seed:07d}"[:9]
    return body + inn_check_digits(body)


def ogrn_for(seed: int) -> str:
    body = f"1027700{seed:05d}"[:12]
    return body + ogrn_check_digit(body)


def kpp_for(inn: str) -> str:
    return inn[:4] + "01001"
