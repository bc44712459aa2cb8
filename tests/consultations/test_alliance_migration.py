"""The member lists alliances declared about themselves become memberships: accepted
only between two verified organizations (the existing, staff-verified alliances), an
invitation otherwise, so that a self-declared list grants nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("consultations", "0004_invitations_join_requests")]
AFTER = [("consultations", "0005_alliance_memberships")]


@pytest.mark.django_db(transaction=True)
def test_declared_members_become_memberships():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Organization = apps.get_model("consultations", "Organization")

    def org(name, status="verified", is_alliance=False):
        return Organization.objects.create(name=name, category="civil_society",
                                           status=status, is_alliance=is_alliance)

    verified_alliance = org("Verified alliance", is_alliance=True)
    pending_alliance = org("Self-declared alliance", status="pending", is_alliance=True)
    member, pending_member = org("Member"), org("Pending member", status="pending")
    verified_alliance.member_organizations.add(member, pending_member)
    pending_alliance.member_organizations.add(member)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    rows = set(apps.get_model("consultations", "AllianceMembership").objects.values_list(
        "alliance__name", "organization__name", "status"))
    assert rows == {("Verified alliance", "Member", "accepted"),
                    ("Verified alliance", "Pending member", "invited"),
                    ("Self-declared alliance", "Member", "invited")}
    MigrationExecutor(connection).migrate(
        MigrationExecutor(connection).loader.graph.leaf_nodes())
