"""Operations and well-formed bodies shared by the hostile-server tests."""

from __future__ import annotations

from typing import Any

__all__ = ["ADD_OK", "LEAD_OK", "add_leads", "update_campaign_lead", "update_lead"]

# lead_management: PUT /api/v1/leads/{leadId} (idempotent) -> LeadResponse
LEAD_OK: dict[str, Any] = {
    "success": True,
    "data": {
        "id": "lead_1",
        "name": "Ada",
        "status": "new",
        "createdAt": "2024-01-01T00:00:00Z",
        "updatedAt": "2024-01-02T00:00:00Z",
        "workspaceId": "ws_1",
    },
}

# inboxapp: POST /campaigns/v2/{campaignId}/leads (not idempotent) -> AddLeadsResult
ADD_OK: dict[str, Any] = {"added": 2, "skipped": 1, "failed": 0}


def update_lead(client: Any) -> Any:
    """lead_management ``leads.update`` (PUT: retried on 5xx, timeouts, resets)."""
    return client.leads.update("lead_1", name="Ada", status="contacted")


def add_leads(client: Any) -> Any:
    """inboxapp ``campaigns.add_leads`` (POST: retried only on 429 and refused connections)."""
    return client.campaigns.add_leads("camp1", usernames=["ada", "grace"])


def update_campaign_lead(client: Any) -> Any:
    """inboxapp ``campaigns.update_lead`` (PATCH) -> CampaignLead."""
    return client.campaigns.update_lead("camp1", "ada", data={"col1": "x"}, by="username")
