"""Password-protected workbooks: detect, and decrypt in memory when the user
gives the password (msoffcrypto-tool)."""
from __future__ import annotations

import io
from pathlib import Path

from ..errors import KpipackError


def decrypt_if_needed(path: Path, password: str | None) -> bytes | None:
    """Decrypted bytes of an encrypted OOXML package, None for a plain file."""
    with open(path, "rb") as fh:
        if fh.read(8) != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return None
    import msoffcrypto  # deferred: only protected files need it

    try:
        with open(path, "rb") as fh:
            office = msoffcrypto.OfficeFile(fh)
            if not office.is_encrypted():
                return None
            if password is None:
                raise KpipackError("password_protected", file=path.name)
            office.load_key(password=password)
            out = io.BytesIO()
            try:
                office.decrypt(out)
            except Exception as exc:  # noqa: BLE001 - msoffcrypto signals a bad key many ways
                raise KpipackError("password_wrong", file=path.name) from exc
            return out.getvalue()
    except KpipackError:
        raise
    except Exception:  # noqa: BLE001 - not an Office container msoffcrypto knows: leave it to the reader
        return None
