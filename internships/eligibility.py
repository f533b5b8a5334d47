"""Who may apply to a programme, and the exact reason when someone may not."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jetcareer.choices import JLPTLevel
from jetcareer.web.dates import format_list
from participants.models import ParticipantProfile

from .models import Programme


def jlpt_label(level: int) -> str:
    return str(JLPTLevel(level).label)


def refusal(programme: Programme, profile: ParticipantProfile | None) -> str | None:
    """None if the person may apply, otherwise why not, in the active language."""
    if profile is None:
        return _("Please complete your profile before applying.")
    if programme.current_only and profile.status != ParticipantProfile.Status.CURRENT:
        return _("This programme is for current JET participants.")
    if programme.positions_allowed and profile.position not in programme.positions_allowed:
        return _("This programme is for %(positions)s; your profile says %(yours)s.") % {
            "positions": format_list(programme.positions_allowed),
            "yours": profile.position or "-",
        }
    if profile.jlpt_level < programme.min_jlpt:
        return _("This programme needs JLPT %(needed)s or higher; your profile says %(yours)s.") % {
            "needed": jlpt_label(programme.min_jlpt),
            "yours": jlpt_label(profile.jlpt_level),
        }
    start = programme.first_day()
    if start and programme.min_year_on_jet > 1:
        year = profile.years_on_jet(start)
        if year < programme.min_year_on_jet:
            return _(
                "This programme is for participants in year %(needed)s or later on JET at its "
                "start; you will be in year %(yours)s."
            ) % {"needed": programme.min_year_on_jet, "yours": year}
    if not profile.cv:
        return _("Please upload your CV on your page first: host companies read it.")
    return None
