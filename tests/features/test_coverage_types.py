"""Types: enums that cannot be Literals, non-finite numbers, allOf over a primitive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.features.coverage_support import Corpus, client, refusal

SPECS = {
    "enums": """
        openapi: 3.1.0
        info: {title: Enums, version: "1"}
        servers: [{url: "https://api.example"}]
        paths:
          /t:
            post:
              operationId: send
              requestBody:
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/T"}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/T"}
        components:
          schemas:
            Ratio: {type: number, enum: [0.5, 1.5]}
            Huge: {type: integer, enum: [1, 99999999999999999999999]}
            Shape: {enum: [{a: 1}, [1, 2]]}
            Code: {allOf: [{type: string}, {maxLength: 3}, {pattern: "^[A-Z]+$"}]}
            T:
              type: object
              properties:
                ratio: {$ref: "#/components/schemas/Ratio"}
                huge: {$ref: "#/components/schemas/Huge"}
                shape: {$ref: "#/components/schemas/Shape"}
                fixed: {const: {kind: x}}
                code: {$ref: "#/components/schemas/Code"}
                mixed: {enum: ["a", 1, 2.5, null]}
                word: {enum: ["a", "b"]}
    """,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("types"), SPECS)
    built.generate()
    yield built


def test_the_packages_pass_mypy_strict(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


def test_enums_that_are_not_literals_are_plain_types_checked_at_run_time(corpus: Corpus) -> None:
    enums = corpus.package("enums")
    source = (Path(enums.__file__).parent / "models" / "t.py").read_text(encoding="utf-8")
    assert "word: Literal['a', 'b']" in source.replace('"', "'")
    assert "mixed: str | float | None" in source
    assert (
        (Path(enums.__file__).parent / "models" / "ratio.py")
        .read_text()
        .endswith("Ratio: TypeAlias = float\n")
    )
    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.content)
        return httpx.Response(200, content=request.content)

    api = client(enums, handler)
    good = {"ratio": 0.5, "huge": 99999999999999999999999, "shape": [1, 2], "fixed": {"kind": "x"}}
    echoed = api.t.send(**good, code="AB")
    assert echoed.huge == 99999999999999999999999 and echoed.shape == [1, 2]
    for wrong in ({"ratio": 0.7}, {"huge": 2}, {"shape": {"a": 2}}, {"fixed": {"kind": "y"}}):
        with pytest.raises(enums.RequestValidationError, match="must be one of"):
            api.t.send(**wrong)
    with pytest.raises(enums.RequestValidationError):
        api.t.send(code="ABCD")  # the allOf's maxLength, merged into the string
    with pytest.raises(enums.RequestValidationError):
        api.t.send(code="ab")  # and its pattern
    assert len(sent) == 1


def test_non_finite_numbers_are_refused_where_they_are(tmp_path: Path) -> None:
    code, err = refusal(
        tmp_path,
        """
        openapi: 3.0.3
        info: {title: Inf, version: "1"}
        paths: {}
        components:
          schemas:
            Limit: {type: number, maximum: 1.0e+400}
        """,
    )
    assert code == 2
    assert "spec.yaml:7:36: /components/schemas/Limit/maximum: the number inf is not finite" in err
