"""The second factor (allauth.mfa): how the portal draws the authenticator app's QR code."""

from __future__ import annotations

import io

import segno
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

# Second factors that count for staff: recovery codes alone are a fallback, not a factor.
STAFF_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        """The otpauth:// URL as an inline SVG QR code, drawn by segno like the tickets' codes
        (allauth's default would need the qrcode package as a second QR library)."""
        out = io.BytesIO()
        # A standalone SVG (allauth shows it as a data: URI image), so with its namespace.
        segno.make(url, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False)
        return out.getvalue().decode()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff keep at least one second factor (issue #13); others may switch it off."""
        user = authenticator.user
        if not user.is_staff or authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        return (
            Authenticator.objects.filter(user=user, type__in=STAFF_FACTORS)
            .exclude(pk=authenticator.pk)
            .exists()
        )
