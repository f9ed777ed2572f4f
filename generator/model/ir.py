"""The intermediate model: what an API is, independent of any template.

Built once from a validated document (`build`), read by the renderer, the mock
server, the CLI generator and `leadgen diff`. Every node keeps its wire name,
its Python name and the JSON pointer it came from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "AliasDef",
    "AliasRef",
    "Api",
    "ArrayType",
    "Constraints",
    "Definition",
    "Example",
    "Link",
    "LinkArgument",
    "LinkExpr",
    "LinkTemplate",
    "LiteralType",
    "MapType",
    "ModelDef",
    "ModelRef",
    "Nullable",
    "Operation",
    "Pagination",
    "Parameter",
    "Primitive",
    "Property",
    "RequestBody",
    "Resource",
    "Response",
    "SecurityScheme",
    "Server",
    "ServerVariable",
    "TypeExpr",
    "UnionType",
    "Webhook",
    "XmlName",
]  # fmt: skip

PrimitiveKind = Literal["str", "int", "float", "bool", "datetime", "date", "uuid", "binary", "any"]


@dataclass(frozen=True)
class Constraints:
    """What JSON Schema says a value must satisfy (None: no such rule)."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_properties: int | None = None
    max_properties: int | None = None
    unchecked_pattern: str | None = None  # a super-linear pattern the client does not check

    def items(self) -> list[tuple[str, Any]]:
        """The rules that are set (and checked), in declaration order."""
        return [
            (k, v)
            for k, v in vars(self).items()
            if v is not None and v is not False and k != "unchecked_pattern"
        ]


NO_CONSTRAINTS = Constraints()


class TypeExpr:
    """Base of the type expressions below."""


@dataclass(frozen=True)
class Primitive(TypeExpr):
    kind: PrimitiveKind
    format: str | None = None
    constraints: Constraints = NO_CONSTRAINTS


INT64 = (-(2**63), 2**63 - 1)


def literal_member(value: Any) -> bool:
    """Whether `value` may appear in a `typing.Literal`: str, bool, None, or an int64."""
    if value is None or isinstance(value, (str, bool)):
        return True
    return isinstance(value, int) and INT64[0] <= value <= INT64[1]


@dataclass(frozen=True)
class LiteralType(TypeExpr):
    """`enum` or `const`: a closed set of JSON values.

    Annotated as a `Literal` when every member may be one (`literal_member`); otherwise as the
    plain types of its members, with the membership checked at run time.
    """

    values: tuple[Any, ...]

    def __hash__(self) -> int:  # members may be objects or arrays
        return hash(json.dumps(self.values, sort_keys=True, default=str))

    @property
    def is_literal(self) -> bool:
        return all(literal_member(v) for v in self.values)


@dataclass(frozen=True)
class ArrayType(TypeExpr):
    item: TypeExpr
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class MapType(TypeExpr):
    """An object used as a dictionary (`additionalProperties`, or free-form)."""

    value: TypeExpr
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class ModelRef(TypeExpr):
    """A reference to a generated model class (by name, so recursion is fine)."""

    name: str
    module: str


@dataclass(frozen=True)
class AliasRef(TypeExpr):
    """A named type alias (enum Literal or union) and what it stands for."""

    name: str
    module: str
    target: TypeExpr


@dataclass(frozen=True)
class UnionType(TypeExpr):
    variants: tuple[TypeExpr, ...]
    discriminator: str | None = None
    mapping: tuple[tuple[str, TypeExpr], ...] = ()


@dataclass(frozen=True)
class Nullable(TypeExpr):
    inner: TypeExpr


@dataclass(frozen=True)
class XmlName:
    """Where a value goes in an XML body (the OpenAPI `xml` object, names resolved): an element
    or attribute `name` in `namespace`, written with `prefix`; an array's items are `name`
    elements, inside the `wrapped` element when there is one."""

    name: str
    namespace: str | None = None
    prefix: str | None = None
    attribute: bool = False
    wrapped: XmlName | None = None


@dataclass(frozen=True)
class Property:
    wire_name: str
    py_name: str
    type: TypeExpr
    required: bool
    pointer: str
    description: str = ""
    default: Any = None
    has_default: bool = False
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    xml: XmlName | None = None  # set when the API has XML bodies


@dataclass(frozen=True)
class ModelDef:
    """A generated dataclass: an object schema with known properties."""

    name: str
    module: str
    pointer: str
    properties: tuple[Property, ...]
    description: str = ""
    closed: bool = False
    extra: TypeExpr | None = None
    deprecated: bool = False
    required_any: tuple[tuple[str, ...], ...] = ()  # anyOf/oneOf of `required` lists (py names)
    xml: XmlName | None = None  # its root element as a whole XML body (when the API has XML)

    def required_groups(self) -> list[tuple[str, ...]]:
        """`required_any` in wire names: a request must carry a property of one group."""
        py_to_wire = {p.py_name: p.wire_name for p in self.properties}
        return [tuple(py_to_wire[n] for n in g if n in py_to_wire) for g in self.required_any]


@dataclass(frozen=True)
class AliasDef:
    """A generated type alias: `LeadStage = Literal[...]`, or a union of types."""

    name: str
    module: str
    pointer: str
    target: TypeExpr
    description: str = ""


Definition = ModelDef | AliasDef


@dataclass(frozen=True)
class Example:
    name: str
    value: Any
    summary: str = ""


@dataclass(frozen=True)
class Parameter:
    wire_name: str
    py_name: str
    location: Literal["path", "query", "header", "cookie", "querystring"]
    type: TypeExpr
    required: bool
    pointer: str
    description: str = ""
    style: str | None = None
    explode: bool | None = None
    deprecated: bool = False
    examples: tuple[Example, ...] = ()
    extensions: tuple[tuple[str, Any], ...] = ()
    default: Any = None
    has_default: bool = False
    media_type: str | None = None  # declared with `content` (querystring too): sent in this type
    filled_in: bool = False  # the client sends a value of its own when the caller gives none

    @property
    def call_required(self) -> bool:
        """Whether a call must give it (`required` is the spec's word, for the server)."""
        return self.required and not self.filled_in


@dataclass(frozen=True)
class RequestBody:
    media_type: str
    type: TypeExpr
    required: bool
    pointer: str
    description: str = ""
    fields: tuple[Property, ...] | None = None  # flattened into keyword arguments
    examples: tuple[Example, ...] = ()
    xml: XmlName | None = None  # the root element of an XML body that is not a model


@dataclass(frozen=True)
class Response:
    status: str  # "200", "4XX", "default"
    description: str
    pointer: str
    media_type: str | None = None
    type: TypeExpr | None = None
    examples: tuple[Example, ...] = ()
    item_type: TypeExpr | None = None  # OpenAPI 3.2 `itemSchema` of a streamed sequence


@dataclass(frozen=True)
class Pagination:
    """How a list operation pages (see `pagination`). Paths are Python attribute names from
    the response body; `param` and `limit` are argument (Python) names."""

    kind: Literal["cursor", "offset", "page", "link"]
    items: tuple[str, ...]  # the page's item list; () when the body is the list
    item_type: TypeExpr
    param: str = ""  # the argument taking the next cursor / offset / page number
    cursor: tuple[str, ...] = ()  # cursor: where the next cursor is
    limit: str = ""  # offset/page: the page size argument
    has_more: tuple[str, ...] = ()  # a boolean saying whether another page follows
    first_page: int = 1  # page: the number of the first page
    method: str = ""  # the generated method that iterates every item


@dataclass(frozen=True)
class LinkExpr:
    """A runtime expression (`$response.body#/id`), read when the link is followed.

    `source` is `url`, `method`, `statusCode`, `request.path`, `request.query`,
    `request.header`, `request.body`, `response.header` or `response.body`; `name` the
    parameter or header name, or the body's JSON pointer; `arg` the Python name of the
    source operation's argument that holds a request parameter ("" when it declares none).
    """

    source: str
    name: str = ""
    arg: str = ""


@dataclass(frozen=True)
class LinkTemplate:
    """A string with `{expression}`s embedded: the parts are text and `LinkExpr`s."""

    parts: tuple[str | LinkExpr, ...]


@dataclass(frozen=True)
class LinkArgument:
    """One argument a link gives the operation it calls: an expression, a template or a JSON
    constant (`value`), written as the spec writes it (`written`)."""

    py_name: str  # the target method's argument ("body": the whole request body)
    value: Any
    written: str
    fields: tuple[tuple[str, str], ...] | None = None  # a flattened body: (model attr, argument)

    def __hash__(self) -> int:  # constants may be objects or arrays
        return hash((self.py_name, self.written))


@dataclass(frozen=True)
class Link:
    """A Link Object of an operation's responses: a method of its response's `links`.

    `target` is the pointer of the operation it calls; None when it cannot be followed (then
    `reason` says why, and the link is documented only).
    """

    name: str
    py_name: str
    statuses: tuple[str, ...]
    pointer: str
    description: str = ""
    written: str = ""  # `operationId getUser` or `operationRef #/paths/...`
    target: str | None = None
    arguments: tuple[LinkArgument, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class Operation:
    operation_id: str
    py_name: str
    method: str  # upper case
    path: str
    pointer: str
    summary: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    security: tuple[tuple[str, ...], ...] = ()
    deprecated: bool = False
    idempotent: bool = False
    tag: str = ""
    extensions: tuple[tuple[str, Any], ...] = ()
    cli_words: tuple[str, ...] = ()  # its command in the generated CLI (see `cli_names`)
    # The operation's own server (path item or operation `servers`, variables at their
    # defaults), when it differs from the document's; absolute or relative to the client's.
    server: str | None = None
    query: tuple[tuple[str, str], ...] = ()  # fixed query pairs of a path key `/a?b=c`
    pagination: Pagination | None = None
    links: tuple[Link, ...] = ()
    links_class: str = ""  # the class of its response's `links` (its Async twin too)

    @property
    def success(self) -> Response | None:
        """The response a call returns: the lowest 2xx (or 2XX, or default)."""
        for response in self.responses:
            if response.status.startswith("2"):
                return response
        return next((r for r in self.responses if r.status == "default"), None)

    def extension(self, name: str, default: Any = None) -> Any:
        return dict(self.extensions).get(name, default)

    @property
    def path_key(self) -> str:
        """The path as a Paths key writes it: its fixed query included (`/items?kind=a`)."""
        query = "&".join(f"{name}={value}" for name, value in self.query)
        return f"{self.path}?{query}" if query else self.path


@dataclass(frozen=True)
class Resource:
    """Operations grouped by tag: `client.campaigns`."""

    tag: str
    py_name: str
    class_name: str
    module: str
    description: str
    operations: tuple[Operation, ...]
    # OpenAPI 3.2 tags whose `parent` is this one: (attribute, module, class name) of each,
    # reachable from this resource too (`client.stores.orders`)
    children: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Webhook:
    """A request the API sends, not one the client makes: a top-level webhook (3.1+) or one
    operation of a callback. The package parses its payload with the function `py_name`."""

    kind: Literal["webhook", "callback"]
    name: str  # the webhook's key, or the callback's name
    py_name: str  # the parse function in `<package>/webhooks.py`
    method: str  # upper case
    pointer: str  # of its Operation Object
    body: RequestBody | None
    summary: str = ""
    description: str = ""
    deprecated: bool = False
    # a callback: the operation declaring it (`operation` is that operation's pointer) and its
    # key, the runtime expression of the URL it is sent to
    operation_id: str = ""
    operation: str = ""
    expression: str = ""


@dataclass(frozen=True)
class SecurityScheme:
    key: str
    kind: Literal["bearer", "basic", "apiKey"]
    location: Literal["header", "query", "cookie"] = "header"
    name: str = "Authorization"
    description: str = ""
    arg_name: str = "token"  # the Client argument carrying the credential
    env_var: str = ""


@dataclass(frozen=True)
class ServerVariable:
    wire_name: str
    py_name: str
    default: str
    enum: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Server:
    url: str
    description: str = ""
    variables: tuple[ServerVariable, ...] = ()


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    description: str
    package: str
    source: str
    sha256: str
    servers: tuple[Server, ...]
    # What the generated client connects to when no base_url is given: the first server's
    # URL, its `{name}`s filled in from `server_variables` (the client's arguments).
    server_url: str
    server_variables: tuple[ServerVariable, ...]
    schemes: tuple[SecurityScheme, ...]
    resources: tuple[Resource, ...]
    definitions: tuple[Definition, ...]
    env_prefix: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)
    webhooks: tuple[Webhook, ...] = ()  # top-level webhooks first, then callbacks

    @property
    def operations(self) -> list[Operation]:
        return [op for resource in self.resources for op in resource.operations]
