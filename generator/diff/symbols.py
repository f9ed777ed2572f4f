"""The Python symbols a generated client exposes, named the way users import them."""

from __future__ import annotations

from ..model.ir import Api, Definition, Operation, Resource

__all__ = ["Symbols"]


class Symbols:
    """Dotted names inside one generated package: `inboxapp.models.CampaignLead.stage`."""

    def __init__(self, api: Api, package: str) -> None:
        self.package = package
        self.resource_of: dict[int, Resource] = {
            id(op): resource for resource in api.resources for op in resource.operations
        }
        self.definitions: dict[str, Definition] = {d.name: d for d in api.definitions}

    @property
    def client(self) -> str:
        return f"{self.package}.Client"

    def method(self, op: Operation) -> str:
        resource = self.resource_of[id(op)]
        return f"{self.package}.resources.{resource.module}.{resource.class_name}.{op.py_name}"

    def link(self, op: Operation, py_name: str) -> str:
        """A link method of `op`'s links class: `shop.resources.leads.GetLeadLinks.owner`."""
        module = self.resource_of[id(op)].module
        return f"{self.package}.resources.{module}.{op.links_class}.{py_name}"

    def accessor(self, op: Operation) -> str:
        """How a user reaches the method: `client.campaigns.update_lead`."""
        return f"client.{self.resource_of[id(op)].py_name}.{op.py_name}"

    def type(self, name: str) -> str:
        return f"{self.package}.models.{name}"

    def attribute(self, model: str, py_name: str) -> str:
        return f"{self.package}.models.{model}.{py_name}"
