"""`$ref`s to the `$id` of a 3.1 schema: absolute or relative, with a pointer or an `$anchor`
after it, from the root document or from the file declaring it; the ambiguous and the unknown
ones refused at the `$ref`."""

from __future__ import annotations

import importlib
import textwrap
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.features.coverage_support import Corpus, client, refusal
from tests.features.generated_package import generate_and_import

SPECS = {
    "ids31": """
        openapi: 3.1.0
        info: {title: Ids, version: "1"}
        servers: [{url: "https://api.example"}]
        components:
          schemas:
            Pet:
              $id: https://schemas.example/pet.json
              type: object
              required: [name]
              properties:
                name: {type: string}
                tag: {$anchor: tag, type: string, enum: [a, b]}
            Owner:
              $id: owner.json
              type: object
              properties:
                pets: {type: array, items: {$ref: "https://schemas.example/pet.json"}}
        paths:
          /pets:
            get:
              operationId: listPets
              tags: [pets]
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: "https://schemas.example/pet.json"}}
          /names:
            get:
              operationId: listNames
              tags: [pets]
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: array
                        items: {$ref: "https://schemas.example/pet.json#/properties/name"}
          /tag:
            get:
              operationId: getTag
              tags: [pets]
              responses:
                "200":
                  description: ok
                  content:
                    application/json: {schema: {$ref: "https://schemas.example/pet.json#tag"}}
          /owner:
            get:
              operationId: getOwner
              tags: [pets]
              responses:
                "200":
                  description: ok
                  content:
                    application/json: {schema: {$ref: "owner.json"}}
    """,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    built = Corpus(tmp_path_factory.mktemp("ids"), SPECS)
    built.generate()
    yield built


def test_the_package_passes_mypy_strict(corpus: Corpus) -> None:
    code, output = corpus.mypy()
    assert code == 0, output


def test_refs_to_an_id_find_its_schema(corpus: Corpus) -> None:
    package = corpus.package("ids31")
    models = importlib.import_module("ids31.models")
    source = (Path(package.__file__).parent / "resources" / "pets.py").read_text()
    assert ") -> builtins.list[Pet]:" in source
    assert ") -> builtins.list[str]:" in source
    assert ") -> Tag:" in source  # the anchored enum
    answers = {
        "/pets": [{"name": "Rex", "tag": "a"}],
        "/names": ["Rex"],
        "/tag": "b",
        "/owner": {"pets": [{"name": "Bo"}]},
    }
    api = client(
        package, lambda r: httpx.Response(200, json=answers[r.url.path]), strict_responses=True
    )
    (pet,) = api.pets.list()
    assert isinstance(pet, models.Pet) and (pet.name, pet.tag) == ("Rex", "a")
    assert api.pets.list_names() == ["Rex"]
    assert api.pets.get_tag() == "b"
    owner = api.pets.get_owner()
    assert isinstance(owner, models.Owner) and isinstance(owner.pets[0], models.Pet)


def test_an_id_in_another_file_is_found_from_that_file(tmp_path: Path) -> None:
    (tmp_path / "schemas.yaml").write_text(
        "Tick:\n  $id: https://schemas.example/tick.json\n  type: object\n"
        "  required: [n]\n  properties: {n: {type: integer}}\n"
        "Tock:\n  type: object\n"
        '  properties: {tick: {$ref: "https://schemas.example/tick.json"}}\n',
        encoding="utf-8",
    )
    (tmp_path / "spec.yaml").write_text(
        textwrap.dedent("""
            openapi: 3.1.0
            info: {title: T, version: "1"}
            servers: [{url: "https://api.example"}]
            paths:
              /t:
                get:
                  operationId: tock
                  tags: [clock]
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json: {schema: {$ref: "schemas.yaml#/Tock"}}
            """),
        encoding="utf-8",
    )
    package = generate_and_import(tmp_path / "spec.yaml", tmp_path / "out")
    api = client(package, lambda r: httpx.Response(200, json={"tick": {"n": 3}}))
    tock = api.clock.tock()
    assert tock.tick.n == 3
    assert type(tock.tick).__name__ == "TockResponseTick"  # the schema of that $id, inlined


def test_an_id_declared_twice_is_refused_at_the_ref(tmp_path: Path) -> None:
    code, err = refusal(
        tmp_path,
        """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        components:
          schemas:
            A: {$id: "https://s.example/a.json", type: string}
            B: {$id: "https://s.example/a.json", type: integer}
        paths:
          /a:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json: {schema: {$ref: "https://s.example/a.json"}}
        """,
    )
    assert code == 2
    assert err.strip() == (
        "spec.yaml:15:47: /paths/~1a/get/responses/200/content/application~1json/schema/$ref:"
        " $ref 'https://s.example/a.json': $id 'https://s.example/a.json' is declared 2 times"
        " (keep one schema of each $id)"
    )


def test_an_anchor_the_schema_of_an_id_lacks_and_an_unknown_id_are_refused(tmp_path: Path) -> None:
    spec = """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        components:
          schemas:
            A: {$id: "https://s.example/a.json", type: string}
        paths:
          /a:
            get:
              responses:
                "200":
                  description: ok
                  content:
                    application/json: {schema: {$ref: "REF"}}
        """
    code, err = refusal(tmp_path, spec.replace("REF", "https://s.example/a.json#nope"))
    assert code == 2
    assert err.strip().endswith(
        "/schema/$ref: $ref 'https://s.example/a.json#nope': no $anchor 'nope' in the schema of"
        " that $id (keep one schema of each $id)"
    )
    code, err = refusal(tmp_path, spec.replace("REF", "https://s.example/b.json"))
    assert code == 2
    assert "remote $ref 'https://s.example/b.json' refused: leadgen never uses the network" in err
