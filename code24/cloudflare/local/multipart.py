"""multipart/form-data parsing with the standard library's email parser."""

from __future__ import annotations

import email.message
import email.parser
import email.policy
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    name: str  # the form field name
    filename: str | None
    content_type: str  # the media type only; text/plain when the part gives none (MIME)
    content: bytes
    content_type_header: str | None = None  # the Content-Type as sent, parameters and all


class MultipartError(ValueError):
    pass


def parse(content_type: str, body: bytes) -> list[Part]:
    """The parts of a multipart/form-data body, in order."""
    if (
        not content_type.lower().startswith("multipart/form-data")
        or "boundary=" not in content_type
    ):
        raise MultipartError("The body is not multipart/form-data with a boundary.")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise MultipartError("The multipart body could not be parsed.")
    parts: list[Part] = []
    for item in message.iter_parts():
        name = item.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            raise MultipartError("A part has no name in its Content-Disposition.")
        payload = item.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        parts.append(
            Part(
                name=name,
                filename=item.get_filename(),
                content_type=item.get_content_type(),
                content=content,
                content_type_header=_raw_header(item, "Content-Type"),
            )
        )
    if not parts:
        raise MultipartError("The multipart body has no parts.")
    return parts


def _raw_header(item: email.message.Message, name: str) -> str | None:
    """A header's value as it was sent (the parser's own string re-quotes parameters)."""
    for key, value in item.raw_items():
        if key.lower() == name.lower():
            return " ".join(str(value).split())
    return None
