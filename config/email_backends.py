"""The console mail backend (the default when no SMTP server is configured: letters land
in the process's output, which is collected like a log) with the logs' masking applied
(152-FZ, docs/adr/0005-personal-data.md): recipients' addresses, phone numbers and
personal INNs in the headers and the text never reach the output; links stay usable."""

from __future__ import annotations

from email.header import decode_header, make_header

from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend

from config.logging_filters import mask_personal_data


def readable_message(message) -> str:
    """The letter as text: its headers (decoded), then every text part decoded (a base64 or
    quoted-printable body would hide an address from the masking)."""
    mime = message.message()
    lines = [f"{name}: {make_header(decode_header(value))}" for name, value in mime.items()]
    for part in mime.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        if part.get_content_maintype() == "text":
            text = payload.decode(part.get_content_charset() or "utf-8", errors="replace")
        else:
            text = f"[{part.get_content_type()}, {len(payload)} байт]"
        lines += ["", f"--- {part.get_content_type()}", text]
    return "\n".join(lines)


class MaskedConsoleEmailBackend(ConsoleEmailBackend):
    """Writes each letter to the console as :func:`readable_message`, masked."""

    def write_message(self, message) -> None:
        self.stream.write(mask_personal_data(readable_message(message)) + "\n")
        self.stream.write("-" * 79 + "\n")
