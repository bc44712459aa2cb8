"""Run as a child process (``python -m tests.integration.submitter COUNT PAUSE``) against
whatever database its environment names: files and submits COUNT recommendations through
the portal's services, one transaction each, like coordinators using the web form. Each
submission notifies the State's focal person and sends the coordinator a receipt."""

from __future__ import annotations

import os
import sys
import time


def main(count: int, pause: float) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from consultations.models import Instrument, Membership
    from recommendations.services import recommendations as svc
    from tests.factories import (
        FocalPersonFactory,
        MembershipFactory,
        OrganizationFactory,
        PartyFactory,
    )
    from tests.recommendations.filing_support import NOPW, fresh

    party = PartyFactory(name="Pakistan-like", iso3="PKL")
    org = OrganizationFactory(country=party, name="Civil Society Forum")
    coordinator = MembershipFactory(organization=org, role=Membership.Role.COORDINATOR,
                                    user__password=NOPW).user
    FocalPersonFactory(party=party, user__email="focal@example.org", user__password=NOPW)
    untoc = Instrument.objects.get(code="untoc")
    for number in range(count):
        rec = svc.recommendation_create(
            actor=fresh(coordinator), organization=org, party=party,
            title=f"Recommendation {number}", text="A national task force.",
            instruments=[untoc])
        svc.recommendation_submit(actor=fresh(coordinator), recommendation=rec)
        time.sleep(pause)
    print(f"submitted {count}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]))
