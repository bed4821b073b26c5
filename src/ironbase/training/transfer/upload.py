"""The upload of ``POST /v1/imports``: a multipart body read with a cap, before any parsing.

A declared ``Content-Length`` over the cap is refused before a byte is read; a body that
does not declare one (chunked) is refused as soon as the bytes read pass the cap. The file
part is spooled (to disk past 1 MB), never held whole in memory; the parser checks it
against the import limits. The form may carry ``unit`` (kg or lb) besides ``file``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from typing import Annotated, BinaryIO

from fastapi import Depends, Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from ironbase.kit.errors import InvalidInput, ProblemError
from ironbase.training.imports import MAX_IMPORT_BYTES, Unit

# The file plus the form's own bytes (boundaries, part headers, the unit field).
MAX_BODY_BYTES = MAX_IMPORT_BYTES + 64 * 1024
MAX_FORM_FIELDS = 4
MAX_FIELD_BYTES = 1024
MAX_FILE_NAME = 255
# Where the upload read by the first try of a request waits for a retry (RetryingRoute).
_STATE_KEY = "import_upload"


@dataclass(frozen=True, slots=True)
class ImportUpload:
    file: BinaryIO
    file_name: str | None
    unit: Unit | None


def too_large(detail: str) -> ProblemError:
    return ProblemError(413, detail, kind="import-too-large", title="The file is too large")


def _limit_text() -> str:
    return f"{MAX_IMPORT_BYTES // (1024 * 1024)} MB"


async def _capped(request: Request) -> AsyncGenerator[bytes, None]:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > MAX_BODY_BYTES:
            raise too_large(f"The upload is over the limit of {_limit_text()}.")
        yield chunk


def _declared_length(request: Request) -> None:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large(
            f"The upload is {int(declared)} bytes; an import file may be {_limit_text()}."
        )


def clean_file_name(name: str | None) -> str | None:
    """What the client called the file, kept for the report: the last path part, without
    control characters, at most 255 characters."""
    if not name:
        return None
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(c for c in last if unicodedata.category(c)[0] != "C").strip()
    return printable[:MAX_FILE_NAME] or None


def _unit(value: str | UploadFile | None) -> Unit | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().lower() in ("kg", "lb"):
        return Unit(value.strip().lower())
    raise InvalidInput("unit", "unit must be kg or lb.")


async def _read(request: Request) -> ImportUpload:
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise InvalidInput("file", "Send the file as multipart/form-data, in the field `file`.")
    _declared_length(request)
    parser = MultiPartParser(
        request.headers,
        _capped(request),
        max_files=1,
        max_fields=MAX_FORM_FIELDS,
        max_part_size=MAX_FIELD_BYTES,
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise InvalidInput("file", f"The multipart body cannot be read: {exc.message}") from exc
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        for value in form.values():
            if isinstance(value, UploadFile):
                await value.close()
        raise InvalidInput("file", "The form has no file in the field `file`.")
    try:
        unit = _unit(form.get("unit"))
    except InvalidInput:
        await upload.close()
        raise
    return ImportUpload(upload.file, clean_file_name(upload.filename), unit)


async def read_upload(request: Request) -> AsyncIterator[ImportUpload]:
    """The upload, read once per request (a retried request reuses it); its spooled file
    is closed after the response."""
    upload: ImportUpload | None = getattr(request.state, _STATE_KEY, None)
    if upload is None:
        upload = await _read(request)
        setattr(request.state, _STATE_KEY, upload)
    else:
        upload.file.seek(0)  # the first try read it to the end
    try:
        yield upload
    finally:
        upload.file.close()


Upload = Annotated[ImportUpload, Depends(read_upload)]
