"""Render the runtime templates (plus hand-written test models) into a package."""

from __future__ import annotations

import pathlib
import sys

from leadgen.emit.render import DEFAULT_TEMPLATES
from leadgen.emit.render import RUNTIME_MODULES as ALL_RUNTIME_MODULES

TEMPLATES = DEFAULT_TEMPLATES / "runtime"
# The client runtime; the command-line modules need a generated command table and are tested elsewhere.
RUNTIME_MODULES = tuple(m for m in ALL_RUNTIME_MODULES if not m.startswith("_cli"))
HEADER = "# test header"

# Hand-written models in exactly the shape the generator emits.
MODELS_SOURCE = '''\
"""Test models."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any, ClassVar, Literal, TypeAlias

from .._types import (
    UNSET,
    Arr,
    Bool,
    DateTime,
    Field,
    Float,
    Int,
    Lit,
    Map,
    Model,
    Nullable,
    Ref,
    Str,
    Union,
    Unset,
)

PetStatus: TypeAlias = Literal["available", "sold"]


@dataclasses.dataclass(kw_only=True, repr=False)
class Tag(Model):
    """Closed model (additionalProperties: false)."""

    label: str
    weight: int | Unset = UNSET
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)
    __fields__: ClassVar[tuple[Field, ...]] = (
        Field(
            "label",
            "label",
            Str(min_length=1, max_length=8, pattern="^[a-z]+$"),
            required=True,
        ),
        Field(
            "weight",
            "weight",
            Int(minimum=0, maximum=100, multiple_of=5),
            required=False,
        ),
    )
    __closed__: ClassVar[bool] = True
    __extra__: ClassVar[Any] = None


@dataclasses.dataclass(kw_only=True, repr=False)
class Owner(Model):
    """Nested model with a nullable field."""

    owner_id: int
    nickname: str | None | Unset = UNSET
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)
    __fields__: ClassVar[tuple[Field, ...]] = (
        Field("owner_id", "ownerId", Int(), required=True),
        Field("nickname", "nickname", Nullable(Str(max_length=5)), required=False),
    )
    __closed__: ClassVar[bool] = False
    __extra__: ClassVar[Any] = None


@dataclasses.dataclass(kw_only=True, repr=False)
class Pet(Model):
    """Nested model, list of models, datetime, enum, map."""

    pet_id: int
    name: str
    status: PetStatus | Unset = UNSET
    born_at: datetime.datetime | Unset = UNSET
    owner: Owner | None | Unset = UNSET
    tags: list[Tag] | Unset = UNSET
    scores: dict[str, float] | Unset = UNSET
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)
    __fields__: ClassVar[tuple[Field, ...]] = (
        Field("pet_id", "petId", Int(minimum=1), required=True),
        Field("name", "name", Str(min_length=1), required=True),
        Field("status", "status", Lit(("available", "sold")), required=False),
        Field("born_at", "bornAt", DateTime(), required=False),
        Field("owner", "owner", Nullable(Ref("models.pet", "Owner")), required=False),
        Field(
            "tags",
            "tags",
            Arr(Ref("models.pet", "Tag"), max_items=3, unique_items=True),
            required=False,
        ),
        Field("scores", "scores", Map(Float(minimum=0)), required=False),
    )
    __closed__: ClassVar[bool] = False
    __extra__: ClassVar[Any] = None


@dataclasses.dataclass(kw_only=True, repr=False)
class Counters(Model):
    """Only typed additional properties (additionalProperties: {type: integer})."""

    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)
    __fields__: ClassVar[tuple[Field, ...]] = ()
    __closed__: ClassVar[bool] = False
    __extra__: ClassVar[Any] = Int()


@dataclasses.dataclass(kw_only=True, repr=False)
class Cat(Model):
    """Union variant."""

    kind: Literal["cat"]
    lives: int | Unset = UNSET
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)
    __fields__: ClassVar[tuple[Field, ...]] = (
        Field("kind", "kind", Lit(("cat",)), required=True),
        Field("lives", "lives", Int(), required=False),
    )
    __closed__: ClassVar[bool] = False
    __extra__: ClassVar[Any] = None


@dataclasses.dataclass(kw_only=True, repr=False)
class Dog(Model):
    """Union variant."""

    kind: Literal["dog"]
    good: bool
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)
    __fields__: ClassVar[tuple[Field, ...]] = (
        Field("kind", "kind", Lit(("dog",)), required=True),
        Field("good", "good", Bool(), required=True),
    )
    __closed__: ClassVar[bool] = False
    __extra__: ClassVar[Any] = None


Animal: TypeAlias = Cat | Dog
ANIMAL = Union(
    (Ref("models.pet", "Cat"), Ref("models.pet", "Dog")),
    discriminator="kind",
    mapping=(("cat", Ref("models.pet", "Cat")), ("dog", Ref("models.pet", "Dog"))),
)
'''


def render_runtime(parent: pathlib.Path, name: str = "rtpkg") -> pathlib.Path:
    """Render the runtime templates plus the test models into ``parent/name``."""
    pkg = parent / name
    (pkg / "models").mkdir(parents=True)
    for module in RUNTIME_MODULES:
        source = (TEMPLATES / f"{module}.py").read_text(encoding="utf-8")
        (pkg / f"{module}.py").write_text(f"{HEADER}\n{source}", encoding="utf-8")
    (pkg / "__init__.py").write_text(f"{HEADER}\n", encoding="utf-8")
    (pkg / "models" / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "models" / "pet.py").write_text(MODELS_SOURCE, encoding="utf-8")
    return pkg


def forget(prefix: str) -> None:
    """Drop ``prefix`` and its submodules from ``sys.modules``."""
    for module in [m for m in sys.modules if m == prefix or m.startswith(prefix + ".")]:
        del sys.modules[module]
