"""The rule catalogue of `leadgen diff`: stable ids, levels and message templates.

A rule's id and level never change once released; a new judgement is a new rule, and
the ids it replaces stay accepted in ignore files (`FORMER_IDS`).
Requests and responses are judged in opposite directions: a request may accept
more and a response may promise more without breaking anyone, never the reverse.

Two kinds of rule: `wire` rules judge what travels over HTTP; `python` rules (ids
`python-*`) judge wire-compatible changes of the generated Python names, and take
the level given with `--symbol-level` (default `SYMBOL_LEVEL`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "FORMER_IDS",
    "LEVELS",
    "RULES",
    "SECTIONS",
    "SYMBOL_LEVEL",
    "Kind",
    "Level",
    "Rule",
    "level_rank",
    "rule",
]

Level = Literal["ERR", "WARN", "INFO"]
Kind = Literal["wire", "python"]
LEVELS: tuple[Level, ...] = ("ERR", "WARN", "INFO")  # most severe first
SYMBOL_LEVEL: Level = "WARN"  # of python-* rules, unless --symbol-level says otherwise


def level_rank(level: str) -> int:
    """ERR 2, WARN 1, INFO 0."""
    return {"INFO": 0, "WARN": 1, "ERR": 2}[level]


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    section: str
    template: str  # str.format fields, filled by the check that fires the rule
    why: str

    @property
    def kind(self) -> Kind:
        return "python" if self.id.startswith("python-") else "wire"

    def level_for(self, symbol_level: Level) -> Level:
        """The level a finding of this rule gets: python rules take `symbol_level`."""
        return symbol_level if self.kind == "python" else self.level

    def message(self, **fields: object) -> str:
        return self.template.format(**fields)


SECTIONS = (
    "Specs",
    "Operations",
    "Parameters",
    "Request bodies",
    "Responses",
    "Request schemas",
    "Response schemas",
    "Schemas in both directions",
    "Servers and security",
    "Generated Python symbols",
)

_S, _O, _P, _B, _R, _Q, _A, _X, _V, _C = SECTIONS

_CATALOGUE: tuple[Rule, ...] = (
    # -- specs (with --base) ----------------------------------------------------------
    Rule("spec-added", "INFO", _S, "spec {spec} is new: it did not exist at {rev}", "a new client package, nothing existing changes"),
    Rule("spec-removed", "ERR", _S, "spec {spec} was removed since {rev}: package {package} is no longer generated", "every caller of the API and every user of its client loses it"),
    # -- operations ---------------------------------------------------------------------
    Rule("operation-added", "INFO", _O, "new operation {operation}", "additive"),
    Rule("operation-removed", "ERR", _O, "operation {operation} removed; it was never deprecated", "callers get 404/405 and the client method disappears"),
    Rule("operation-removed-before-sunset", "ERR", _O, "operation {operation} removed before its sunset ({sunset})", "callers were promised the operation until its sunset"),
    Rule("operation-removed-after-sunset", "INFO", _O, "operation {operation} removed on or after its sunset ({sunset})", "the removal was announced and its date has come"),
    Rule("operation-deprecated", "INFO", _O, "operation {operation} deprecated ({sunset})", "callers have until the sunset to move; without an x-sunset date its removal stays ERR"),
    Rule("operation-id-changed", "INFO", _O, "operationId {old} is now {new}; the generated method keeps its name", "documentation and tooling keyed by operationId change"),
    Rule("operation-tag-changed", "INFO", _O, "tag {old} is now {new}; the generated resource keeps its name", "documentation grouping changes"),
    Rule("path-parameter-renamed", "INFO", _O, "path parameter {old} is now {new}: the URL is unchanged", "the wire contract is unchanged (python-path-argument-renamed reports the argument's new name, if any)"),
    Rule("webhook-added", "INFO", _O, "new {webhook}", "receivers get a parse function for it; nothing existing changes"),
    Rule("webhook-removed", "WARN", _O, "{webhook} removed", "the API no longer documents it, and its parse function disappears"),
    # -- parameters -----------------------------------------------------------------------
    Rule("request-parameter-added", "INFO", _P, "new optional {location} parameter {name}", "existing calls keep working"),
    Rule("request-parameter-added-required", "ERR", _P, "new required {location} parameter {name}: existing calls do not send it", "the server refuses existing calls"),
    Rule("request-parameter-removed", "ERR", _P, "{location} parameter {name} removed; it was never deprecated", "calls sending it are refused or silently change meaning, and the client argument disappears"),
    Rule("request-parameter-removed-before-sunset", "ERR", _P, "{location} parameter {name} removed before its sunset ({sunset})", "callers were promised the parameter until its sunset"),
    Rule("request-parameter-removed-after-sunset", "INFO", _P, "{location} parameter {name} removed on or after its sunset ({sunset})", "the removal was announced and its date has come"),
    Rule("request-parameter-became-required", "ERR", _P, "{location} parameter {name} is now required", "calls that omit it are refused"),
    Rule("request-parameter-became-optional", "INFO", _P, "{location} parameter {name} is now optional", "the request accepts more"),
    Rule("request-parameter-location-changed", "ERR", _P, "parameter {name} moved from {old} to {new}", "existing calls send it in the wrong place"),
    Rule("request-parameter-style-changed", "ERR", _P, "{location} parameter {name}: serialization {old} is now {new}", "existing calls encode the value the old way"),
    Rule("request-parameter-deprecated", "INFO", _P, "{location} parameter {name} deprecated ({sunset})", "callers have until the sunset to stop sending it; without an x-sunset date its removal stays ERR"),
    Rule("request-parameter-default-added", "INFO", _P, "{where}: default {new} added", "requests that omit it keep working; the value the server uses is now documented"),
    Rule("request-parameter-default-changed", "WARN", _P, "{where}: default {old} is now {new}", "requests that omit the value now behave differently"),
    Rule("request-parameter-default-removed", "WARN", _P, "{where}: default {old} removed", "requests that omit the value may now behave differently"),
    # -- request bodies -----------------------------------------------------------------
    Rule("request-body-added", "INFO", _B, "new optional request body", "existing calls keep working"),
    Rule("request-body-added-required", "ERR", _B, "new required request body: existing calls send none", "the server refuses existing calls"),
    Rule("request-body-removed", "ERR", _B, "request body removed", "calls sending one may be refused, and its client arguments disappear"),
    Rule("request-body-became-required", "ERR", _B, "request body is now required", "calls without a body are refused"),
    Rule("request-body-became-optional", "INFO", _B, "request body is now optional", "the request accepts more"),
    Rule("request-media-type-added", "INFO", _B, "request body also accepts {media_type}", "the request accepts more"),
    Rule("request-media-type-removed", "ERR", _B, "request body no longer accepts {media_type}", "calls sending it are refused (415)"),
    # -- responses ------------------------------------------------------------------------
    Rule("response-status-added", "INFO", _R, "new response status {status}", "documented behaviour grows; generic status handling covers it"),
    Rule("response-success-status-removed", "ERR", _R, "success response {status} removed", "callers expecting that status or its body break"),
    Rule("response-error-status-removed", "INFO", _R, "response status {status} no longer documented", "callers handling it keep working"),
    Rule("response-media-type-added", "INFO", _R, "response {status} may also be {media_type}", "only clients that ask for it receive it"),
    Rule("response-media-type-removed", "ERR", _R, "response {status} is no longer offered as {media_type}", "clients asking for it get 406 or cannot parse the answer"),
    Rule("response-body-added", "INFO", _R, "response {status} now has a body", "callers ignoring the result keep working"),
    Rule("response-body-removed", "ERR", _R, "response {status} no longer has a body", "callers reading the result get nothing"),
    Rule("response-header-added", "INFO", _R, "response {status} has a new header {name}", "callers ignoring it keep working"),
    Rule("response-required-header-removed", "ERR", _R, "response {status} no longer sends the required header {name}", "callers reading it get nothing"),
    Rule("response-optional-header-removed", "WARN", _R, "response {status} no longer documents the header {name}", "callers using it when present lose it"),
    Rule("response-header-became-optional", "ERR", _R, "header {name} of response {status} may now be absent", "callers reading it without a check break"),
    # -- request schemas (what callers send: narrowing breaks) ----------------------------
    Rule("request-property-added", "INFO", _Q, "new optional property {name} in {where}", "existing requests stay valid"),
    Rule("request-property-added-required", "ERR", _Q, "new required property {name} in {where}", "existing requests lack it"),
    Rule("request-property-removed", "ERR", _Q, "property {name} removed from {where}", "requests sending it may be refused, and the client argument or attribute disappears"),
    Rule("request-property-became-required", "ERR", _Q, "property {name} of {where} is now required", "requests that omit it are refused"),
    Rule("request-property-became-optional", "INFO", _Q, "property {name} of {where} is now optional", "the request accepts more"),
    Rule("request-property-became-read-only", "ERR", _Q, "property {name} of {where} is now readOnly: requests may no longer set it", "the client stops sending it; callers setting it break"),
    Rule("request-type-narrowed", "ERR", _Q, "{where} accepts less: {old} is now {new}", "values that were valid are refused"),
    Rule("request-type-widened", "INFO", _Q, "{where} accepts more: {old} is now {new}", "existing values stay valid"),
    Rule("request-type-changed", "ERR", _Q, "{where}: type {old} is now {new}", "existing values are refused"),
    Rule("request-enum-value-removed", "ERR", _Q, "{where} no longer accepts {values}", "requests sending those values are refused"),
    Rule("request-enum-value-added", "INFO", _Q, "{where} also accepts {values}", "existing values stay valid"),
    Rule("request-nullable-added", "INFO", _Q, "{where} now accepts null", "the request accepts more"),
    Rule("request-nullable-removed", "ERR", _Q, "{where} no longer accepts null", "requests sending null are refused"),
    Rule("request-format-changed", "WARN", _Q, "{where}: format {old} is now {new}", "the server may validate values differently"),
    Rule("request-length-tightened", "ERR", _Q, "{where}: {keyword} {old} is now {new}", "strings that were valid are refused"),
    Rule("request-range-tightened", "ERR", _Q, "{where}: {keyword} {old} is now {new}", "numbers that were valid are refused"),
    Rule("request-pattern-tightened", "ERR", _Q, "{where}: pattern {old} is now {new}", "strings that matched may no longer match"),
    Rule("request-items-tightened", "ERR", _Q, "{where}: {keyword} {old} is now {new}", "arrays or objects that were valid are refused"),
    Rule("request-constraint-loosened", "INFO", _Q, "{where}: {keyword} {old} is now {new}", "the request accepts more"),
    Rule("request-additional-properties-closed", "ERR", _Q, "{where} no longer accepts properties it does not list", "requests with extra properties are refused"),
    Rule("request-additional-properties-opened", "INFO", _Q, "{where} now accepts properties it does not list", "the request accepts more"),
    Rule("request-property-default-added", "INFO", _Q, "{where}: default {new} added", "requests that omit it keep working; the value the server uses is now documented"),
    Rule("request-property-default-changed", "WARN", _Q, "{where}: default {old} is now {new}", "requests that omit the value now behave differently"),
    Rule("request-property-default-removed", "WARN", _Q, "{where}: default {old} removed", "requests that omit the value may now behave differently"),
    # -- response schemas (what callers receive: widening breaks) ---------------------------
    Rule("response-property-added", "INFO", _A, "new property {name} in {where}", "clients ignore or keep unknown properties"),
    Rule("response-property-removed", "ERR", _A, "property {name} removed from {where}", "callers reading it break and the client attribute disappears"),
    Rule("response-property-became-optional", "ERR", _A, "property {name} of {where} may now be absent", "callers reading it without a check break; the attribute's type gains Unset"),
    Rule("response-property-became-required", "INFO", _A, "property {name} of {where} is now always present", "the response promises more"),
    Rule("response-property-became-write-only", "ERR", _A, "property {name} of {where} is now writeOnly: responses no longer carry it", "callers reading it get nothing"),
    Rule("response-type-widened", "ERR", _A, "{where} may return more: {old} is now {new}", "clients parsing the old type fail on new values"),
    Rule("response-type-narrowed", "INFO", _A, "{where} returns less: {old} is now {new}", "every new value was valid before"),
    Rule("response-type-changed", "ERR", _A, "{where}: type {old} is now {new}", "clients parsing the old type fail"),
    Rule("response-enum-value-added", "WARN", _A, "{where} may now return {values}", "code matching every value exhaustively misses the new ones"),
    Rule("response-enum-value-removed", "INFO", _A, "{where} no longer returns {values}", "every new value was valid before"),
    Rule("response-nullable-added", "ERR", _A, "{where} may now be null", "callers using the value without a check break"),
    Rule("response-nullable-removed", "INFO", _A, "{where} is no longer null", "the response promises more"),
    Rule("response-format-changed", "WARN", _A, "{where}: format {old} is now {new}", "callers parsing the value may fail"),
    Rule("response-constraint-loosened", "WARN", _A, "{where}: {keyword} {old} is now {new}", "callers relying on the old bound (storage sizes, ranges) may break"),
    Rule("response-constraint-tightened", "INFO", _A, "{where}: {keyword} {old} is now {new}", "every new value was valid before"),
    Rule("response-additional-properties-changed", "INFO", _A, "{where}: additionalProperties {old} is now {new}", "clients keep unknown properties aside"),
    # -- both directions --------------------------------------------------------------------
    Rule("discriminator-property-changed", "ERR", _X, "{where}: discriminator {old} is now {new}", "variants are told apart by another property"),
    Rule("discriminator-mapping-changed", "WARN", _X, "{where}: discriminator mapping {change}", "values select other variants"),
    Rule("property-deprecated", "INFO", _X, "property {name} of {where} deprecated", "callers should stop relying on it"),
    Rule("schema-deprecated", "INFO", _X, "schema {name} deprecated", "callers should stop relying on it"),
    # -- servers and security ---------------------------------------------------------------
    Rule("server-added", "INFO", _V, "server {url} added", "additive"),
    Rule("server-removed", "WARN", _V, "server {url} removed", "callers configured with that base URL may break"),
    Rule("default-server-changed", "WARN", _V, "the default server {old} is now {new}: the client's default base URL changes", "clients built without base_url talk to another server"),
    Rule("server-variable-changed", "WARN", _V, "server {url}: variable {name} {change}", "base URLs built from the variable change"),
    Rule("operation-server-changed", "ERR", _V, "the operation's server {old} is now {new}", "the generated method sends its requests to another server than before"),
    Rule("operation-server-added", "INFO", _V, "the operation lists server {url}", "additive: the method keeps its server"),
    Rule("operation-server-removed", "WARN", _V, "the operation no longer lists server {url}", "callers sending the operation there through base_url may break"),
    Rule("security-scheme-added", "INFO", _V, "security scheme {name} added", "additive until an operation requires it"),
    Rule("security-scheme-removed", "ERR", _V, "security scheme {name} removed", "callers authenticating with it break, and its Client argument disappears"),
    Rule("security-scheme-changed", "ERR", _V, "security scheme {name}: {change}", "credentials are sent the old way"),
    Rule("security-requirement-added", "ERR", _V, "the operation now requires {new} (before: {old})", "callers without the new credentials or scopes are refused"),
    Rule("security-requirement-removed", "INFO", _V, "the operation now accepts {new} (before: {old})", "the request accepts more"),
    # -- generated Python symbols (the wire is unchanged; levelled by --symbol-level) -----
    Rule("python-method-renamed", "WARN", _C, "method {old} is now {new}", "calls to the old name fail with AttributeError once the client is regenerated"),
    Rule("python-method-moved", "WARN", _C, "method {old} moved to {new}", "calls through the old resource fail with AttributeError once the client is regenerated"),
    Rule("python-argument-renamed", "WARN", _C, "argument {old} of {method} is now {new}", "calls passing the old keyword fail with TypeError once the client is regenerated"),
    Rule("python-path-argument-renamed", "WARN", _C, "positional argument {old} of {method} is now {new}", "the URL is unchanged and positional calls keep working; calls passing it by keyword fail with TypeError"),
    Rule("python-body-arguments-changed", "WARN", _C, "{method}: the request body is now passed as {new} instead of {old}", "existing calls pass the body the old way"),
    Rule("python-attribute-renamed", "WARN", _C, "attribute {old} is now {new}", "code reading the old attribute fails"),
    Rule("python-class-renamed", "WARN", _C, "{kind} {old} is now {new}", "imports of the old name fail (models and Literal/union type aliases)"),
    Rule("python-class-removed", "WARN", _C, "{kind} {old} is no longer generated", "imports of it fail"),
    Rule("python-type-changed", "WARN", _C, "{where} was typed {old}, now {new}", "type-checked code using the old class fails"),
    Rule("python-link-removed", "WARN", _C, "link {link} of {method} has no method any more ({why})", "calls to `links.{link}()` on its raw response fail with AttributeError once the client is regenerated"),
    Rule("python-credential-renamed", "WARN", _C, "Client argument {old} is now {new} (environment variable {old_env} is now {new_env})", "clients built with the old keyword or variable fail"),
)  # fmt: skip

RULES: dict[str, Rule] = {r.id: r for r in _CATALOGUE}

# Retired ids -> the rules that took over their judgement (ignore entries naming them still apply).
FORMER_IDS: dict[str, tuple[str, ...]] = {
    "client-method-renamed": ("python-method-renamed",),
    "client-method-moved": ("python-method-moved",),
    "client-argument-renamed": ("python-argument-renamed", "python-path-argument-renamed"),
    "client-body-arguments-changed": ("python-body-arguments-changed",),
    "client-attribute-renamed": ("python-attribute-renamed",),
    "client-class-renamed": ("python-class-renamed",),
    "client-class-removed": ("python-class-removed",),
    "client-type-changed": ("python-type-changed",),
    "client-credential-renamed": ("python-credential-renamed",),
    "operation-deprecated-without-sunset": ("operation-deprecated",),
    "request-parameter-deprecated-without-sunset": ("request-parameter-deprecated",),
    "request-default-changed": tuple(
        f"request-{where}-default-{change}"
        for where in ("parameter", "property")
        for change in ("added", "changed", "removed")
    ),
}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
