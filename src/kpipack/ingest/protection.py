"""Password-protected workbooks: detect, and decrypt in memory when the user
gives the password (msoffcrypto-tool). The decrypted bytes never touch the
disk, and the parse cache never keeps what came out of them.

A legacy xls protected with Excel's built-in default password (a workbook
"protected" only against changes opens in Excel without a prompt) is opened
the same way without asking."""
from __future__ import annotations

import io
from pathlib import Path

from ..errors import KpipackError
from .safety import OLE_MAGIC

EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"


def is_encrypted(path: Path) -> bool:
    """Whether the file is an encrypted Office package (without decrypting it)."""
    with open(path, "rb") as fh:
        if fh.read(8) != OLE_MAGIC:
            return False
    import msoffcrypto  # deferred: only OLE files need it

    try:
        with open(path, "rb") as fh:
            return bool(msoffcrypto.OfficeFile(fh).is_encrypted())
    except Exception:  # noqa: BLE001 - not an Office container msoffcrypto knows
        return False


def decrypt_if_needed(path: Path, password: str | None) -> bytes | None:
    """Decrypted bytes of an encrypted Office file, None for a plain file."""
    with open(path, "rb") as fh:
        if fh.read(8) != OLE_MAGIC:
            return None
    import msoffcrypto  # deferred: only OLE files need it
    from msoffcrypto import exceptions

    try:
        with open(path, "rb") as fh:
            office = msoffcrypto.OfficeFile(fh)
            if not office.is_encrypted():
                return None
            tries = [password] if password else []
            if path.suffix.lower() != ".xlsx" or not password:
                tries.append(EXCEL_DEFAULT_PASSWORD)
            for attempt in tries:
                out = io.BytesIO()
                try:
                    fh.seek(0)
                    office = msoffcrypto.OfficeFile(fh)
                    office.load_key(password=attempt)
                    office.decrypt(out)
                except (exceptions.InvalidKeyError, exceptions.DecryptionError, ValueError, KeyError):
                    continue
                except (NotImplementedError, exceptions.FileFormatError, exceptions.ParseError) as exc:
                    raise KpipackError("password_unsupported", file=path.name) from exc
                data = out.getvalue()
                if data[:2] == b"PK" or data[:8] == OLE_MAGIC:
                    return data
            raise KpipackError("password_wrong" if password else "password_protected", file=path.name)
    except KpipackError:
        raise
    except Exception:  # noqa: BLE001 - not an Office container msoffcrypto knows: leave it to the reader
        return None
