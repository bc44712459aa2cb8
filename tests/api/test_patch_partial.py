"""A PATCH changes what it names, as the contract documents its body (every field
optional): without the field, nothing changes. A nested path names its parent: an item
that is not under the event in the path is a 404, as for its GET."""

from __future__ import annotations

from consultations.models import ActionItem, Membership
from tests.factories import EventFactory


def test_membership_patch_without_a_role_changes_nothing(world, api):
    membership = Membership.objects.get(user=world.member, organization=world.org)
    url = f"/api/v1/memberships/{membership.pk}/"
    for fmt in ("json", "multipart"):
        response = api("coordinator").patch(url, {}, format=fmt)
        assert response.status_code == 200, response.content
        assert response.json()["role"] == membership.role
    response = api("coordinator").patch(url, {"role": "nobody"}, format="json")
    assert response.status_code == 400


def test_follow_up_action_from_an_item_of_another_event_is_a_404(world, api):
    event, other = EventFactory(party=world.party), EventFactory(party=world.party)
    item = ActionItem.objects.create(event=other, title="Train prosecutors", due_on="2029-06-30")
    url = f"/api/v1/events/{event.pk}/action-items/{item.pk}/follow-up-action/"
    response = api("focal").post(url, {}, format="json")
    assert response.status_code == 404, response.content
    assert api("focal").get(f"/api/v1/events/{event.pk}/action-items/{item.pk}/").status_code == 404
