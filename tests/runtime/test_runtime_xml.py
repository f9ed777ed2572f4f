"""Runtime ``_xml``: XML bodies written and read as the OpenAPI XML Object's examples show them.

The models below are written as the generator emits them for the schemas of the XML Object
section of the OpenAPI specification (3.0.3 and 3.1): their ``Field(..., xml=Xml(...))`` and
``__xml__`` are the names `leadgen.model.xml_names` resolves (checked end to end by
`features/test_coverage_xml.py`).
"""

from __future__ import annotations

import datetime
import importlib
import pathlib
import types
from typing import Any

import pytest

SAMPLE = "http://example.com/schema/sample"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'

XML_MODELS = f'''\
"""XML test models."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any, ClassVar

from .._types import (
    UNSET, Arr, Bool, Date, Field, Float, Int, Model, Nullable, Ref, Str, Unset, Xml,
)


@dataclasses.dataclass(kw_only=True, repr=False)
class Person(Model):
    id: int | Unset = UNSET
    name: str | Unset = UNSET
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)
    __fields__: ClassVar[tuple[Field, ...]] = (
        Field("id", "id", Int(), required=False, xml=Xml("id", attribute=True)),
        Field("name", "name", Str(), required=False,
              xml=Xml("name", namespace="{SAMPLE}", prefix="sample")),
    )


@dataclasses.dataclass(kw_only=True, repr=False)
class Zoo(Model):
    plain: list[str] | Unset = UNSET
    renamed: list[str] | Unset = UNSET
    wrapped: list[str] | Unset = UNSET
    both: list[str] | Unset = UNSET
    outer: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)
    __fields__: ClassVar[tuple[Field, ...]] = (
        Field("plain", "plain", Arr(Str()), required=False),
        Field("renamed", "renamed", Arr(Str()), required=False, xml=Xml("animal")),
        Field("wrapped", "wrapped", Arr(Str()), required=False,
              xml=Xml("wrapped", wrapped=Xml("wrapped"))),
        Field("both", "both", Arr(Str()), required=False,
              xml=Xml("animal", wrapped=Xml("aliens"))),
        Field("outer", "outer", Arr(Str()), required=False,
              xml=Xml("aliens", wrapped=Xml("aliens"))),
    )
    __xml__: ClassVar[Xml | None] = Xml("zoo")


@dataclasses.dataclass(kw_only=True, repr=False)
class Pet(Model):
    name: str
    id: int | Unset = UNSET
    born: datetime.date | Unset = UNSET
    weight: float | None | Unset = UNSET
    good: bool | Unset = UNSET
    owner: Person | Unset = UNSET
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)
    __fields__: ClassVar[tuple[Field, ...]] = (
        Field("name", "name", Str(), required=True),
        Field("id", "id", Int(), required=False, xml=Xml("id", attribute=True)),
        Field("born", "born", Date(), required=False),
        Field("weight", "weight", Nullable(Float()), required=False),
        Field("good", "good", Bool(), required=False),
        Field("owner", "owner", Ref("models.xml_pets", "Person"), required=False,
              xml=Xml("owner", namespace="urn:people")),
    )
    __xml__: ClassVar[Xml | None] = Xml("pet", namespace="urn:pets", prefix="p")
'''


@pytest.fixture(scope="module")
def x(rt: types.SimpleNamespace, rt_pkg: pathlib.Path) -> types.SimpleNamespace:
    (rt_pkg / "models" / "xml_pets.py").write_text(XML_MODELS, encoding="utf-8")
    shapes = importlib.import_module("rtpkg._xml_shapes")
    return types.SimpleNamespace(
        xml=importlib.import_module("rtpkg._xml"),
        shapes=shapes,
        models=importlib.import_module("rtpkg.models.xml_pets"),
        types=rt.types,
    )


def _ref(x: types.SimpleNamespace, name: str) -> Any:
    return x.types.Ref("models.xml_pets", name)


def _dump(x: types.SimpleNamespace, t: Any, value: Any, declared: Any = None) -> bytes:
    """A value written as a whole body, the way the client sends one."""
    root = x.shapes.root_placement(t, declared)
    written: bytes = x.xml.dump(x.shapes.DESCRIPTORS, t, x.types.serialize(t, value), root)
    assert written.startswith(DECLARATION)
    return written[len(DECLARATION) :]


def _load(x: types.SimpleNamespace, t: Any, data: bytes) -> Any:
    return x.types.deserialize(t, x.xml.load(x.shapes.DESCRIPTORS, t, data))


# --- writing and reading the specification's examples ------------------------------------


def test_attribute_and_prefixed_namespace(x: types.SimpleNamespace) -> None:
    person = x.models.Person(id=123, name="example")
    body = _dump(x, _ref(x, "Person"), person)
    assert body == (
        b'<Person id="123"><sample:name xmlns:sample="http://example.com/schema/sample">'
        b"example</sample:name></Person>"
    )
    assert _load(x, _ref(x, "Person"), body) == person


def test_arrays_unwrapped_renamed_and_wrapped(x: types.SimpleNamespace) -> None:
    zoo = x.models.Zoo(
        plain=["a", "b"], renamed=["c"], wrapped=["d", "e"], both=["f"], outer=["g", "h"]
    )
    body = _dump(x, _ref(x, "Zoo"), zoo)
    assert body == (
        b"<zoo><plain>a</plain><plain>b</plain>"  # unwrapped: named after the property
        b"<animal>c</animal>"  # items' xml.name
        b"<wrapped><wrapped>d</wrapped><wrapped>e</wrapped></wrapped>"
        b"<aliens><animal>f</animal></aliens>"  # both names
        b"<aliens><aliens>g</aliens><aliens>h</aliens></aliens></zoo>"  # the outer name only
    )
    assert _load(x, _ref(x, "Zoo"), body) == zoo


def test_an_empty_wrapped_array_is_kept_and_an_unwrapped_one_is_absent(
    x: types.SimpleNamespace,
) -> None:
    body = _dump(x, _ref(x, "Zoo"), x.models.Zoo(plain=[], wrapped=[]))
    assert body == b"<zoo><wrapped /></zoo>"
    assert _load(x, _ref(x, "Zoo"), body) == x.models.Zoo(wrapped=[])


def test_scalars_are_text_null_is_nil_and_namespaces_are_declared_once(
    x: types.SimpleNamespace,
) -> None:
    pet = x.models.Pet(
        name="Rex & <Co>",
        id=7,
        born=datetime.date(2020, 1, 2),
        weight=None,
        good=False,
        owner=x.models.Person(name="Ann"),
    )
    body = _dump(x, _ref(x, "Pet"), pet)
    assert body == (
        b'<p:pet xmlns:p="urn:pets" id="7"><name>Rex &amp; &lt;Co&gt;</name>'
        b"<born>2020-01-02</born>"
        b'<weight xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true" />'
        b'<good>false</good><owner xmlns="urn:people">'
        b'<sample:name xmlns:sample="http://example.com/schema/sample">Ann</sample:name>'
        b"</owner></p:pet>"
    )
    assert _load(x, _ref(x, "Pet"), body) == pet


def test_an_element_in_no_namespace_leaves_the_default_one(x: types.SimpleNamespace) -> None:
    xml = x.xml
    shape = x.types.Arr(x.types.Str())
    root = xml.Xml("item", namespace="urn:list", wrapped=xml.Xml("list", namespace="urn:list"))
    written = xml.dump(x.shapes.DESCRIPTORS, shape, ["a"], root)
    assert written == DECLARATION + b'<list xmlns="urn:list"><item>a</item></list>'
    bare = xml.dump(x.shapes.DESCRIPTORS, shape, ["a"], xml.Xml("item", wrapped=root.wrapped))
    assert bare == DECLARATION + b'<list xmlns="urn:list"><item xmlns="">a</item></list>'


def test_a_root_array_has_an_outer_element(x: types.SimpleNamespace) -> None:
    t = x.types.Arr(_ref(x, "Person"))
    declared = x.xml.Xml("Person", wrapped=x.xml.Xml("people"))
    people = [x.models.Person(id=1), x.models.Person(id=2)]
    body = _dump(x, t, people, declared)
    assert body == b'<people><Person id="1" /><Person id="2" /></people>'
    assert _load(x, t, body) == people


# --- reading -------------------------------------------------------------------------------


def test_names_match_by_namespace_whatever_the_prefix(x: types.SimpleNamespace) -> None:
    body = (
        b'<other:Person xmlns:other="urn:x" xmlns:s="http://example.com/schema/sample" id="5">'
        b"<name>not in the namespace</name><s:name>Ann</s:name><extra>kept</extra>"
        b"</other:Person>"
    )
    person = _load(x, _ref(x, "Person"), body)
    assert person.id == 5 and person.name == "Ann"
    assert person.additional_properties == {"extra": "kept"}


def test_text_of_the_wrong_type_is_a_validation_problem(x: types.SimpleNamespace) -> None:
    t = _ref(x, "Pet")
    data = x.xml.load(x.shapes.DESCRIPTORS, t, b'<pet id="seven"><good>maybe</good></pet>')
    pet, problems = x.types.deserialize_tolerant(t, data)
    assert pet.id == "seven" and pet.good == "maybe"
    assert [str(p) for p in problems] == [
        "/name: required property is missing",
        "/id: expected integer, got string",
        "/good: expected boolean, got string",
    ]
    with pytest.raises(x.types.ResponseValidationError, match="required property"):
        x.types.deserialize(t, data)


@pytest.mark.parametrize(
    "document",
    [
        b'<!DOCTYPE a [<!ENTITY e "ha"><!ENTITY f "&e;&e;&e;&e;">]><a>&f;</a>',
        b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
        b'<!DOCTYPE a SYSTEM "http://example.com/a.dtd"><a/>',
        b"<!DOCTYPE a><a/>",
    ],
    ids=["entity-expansion", "external-entity", "external-dtd", "bare-doctype"],
)
def test_a_doctype_is_refused(x: types.SimpleNamespace, document: bytes) -> None:
    with pytest.raises(x.xml.XmlError, match="DOCTYPE"):
        x.xml.load(x.shapes.DESCRIPTORS, x.types.AnyT(), b'<?xml version="1.0"?>' + document)


def test_malformed_and_too_deep_documents_are_refused(x: types.SimpleNamespace) -> None:
    with pytest.raises(x.xml.XmlError, match="not well-formed"):
        x.xml.load(x.shapes.DESCRIPTORS, x.types.AnyT(), b"<a><b></a>")
    with pytest.raises(x.xml.XmlError, match="undefined entity|not well-formed"):
        x.xml.load(x.shapes.DESCRIPTORS, x.types.AnyT(), b"<a>&e;</a>")
    deep = b"<a>" * (x.xml.MAX_DEPTH + 1) + b"</a>" * (x.xml.MAX_DEPTH + 1)
    with pytest.raises(x.xml.XmlError, match="nested more than"):
        x.xml.load(x.shapes.DESCRIPTORS, x.types.AnyT(), deep)


def test_a_large_body_is_read(x: types.SimpleNamespace) -> None:
    t = x.types.Arr(_ref(x, "Person"))
    body = b"<people>" + b'<Person id="1"><x>y</x></Person>' * 20000 + b"</people>"
    people = _load(x, t, body)
    assert len(people) == 20000 and people[-1].id == 1


def test_untyped_content_reads_as_text_and_objects(x: types.SimpleNamespace) -> None:
    data = x.xml.load(x.shapes.DESCRIPTORS, x.types.AnyT(), b"<r><a>1</a><a>2</a><b/></r>")
    assert data == {"a": ["1", "2"], "b": ""}


def test_a_name_that_is_not_an_xml_name_is_refused(x: types.SimpleNamespace) -> None:
    person = x.models.Person(additional_properties={"not a name": 1})
    with pytest.raises(x.xml.XmlError, match="not an XML name"):
        _dump(x, _ref(x, "Person"), person)
