"""A tiny inline spec covering what the shipped specs lack: query and header parameters,
responses without examples, a declared 401 body, 422, 204, api key / basic / bearer schemes,
an operation without security, a literal path next to a templated one, a relative server URL.
"""

from __future__ import annotations

__all__ = ["TINY_SPEC"]

TINY_SPEC = """\
openapi: 3.1.0
info:
  title: Tiny
  version: '1'
servers:
  - url: /tiny/v2
security:
  - apiKey: []
paths:
  /things:
    get:
      operationId: listThings
      tags: [things]
      summary: List things
      parameters:
        - name: q
          in: query
          required: true
          schema: {type: string, minLength: 3}
        - name: limit
          in: query
          schema: {type: integer, minimum: 1, maximum: 50}
        - name: ids
          in: query
          schema:
            type: array
            items: {type: integer}
        - name: X-Trace
          in: header
          schema: {type: string, pattern: '^[a-f0-9]{8}$'}
        - name: filter
          in: query
          content:
            application/json:
              schema:
                type: object
                properties:
                  kind: {type: string, enum: [small, large]}
      responses:
        '200':
          description: Things (no example anywhere)
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Thing'}
        '401':
          description: No or bad API key.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
              example: {message: API key missing, code: 401}
    post:
      operationId: createThing
      tags: [things]
      summary: Create a thing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewThing'}
      responses:
        '201':
          description: Created (no example)
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        '422':
          description: Invalid.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
  /things/mine:
    get:
      operationId: myThings
      tags: [things]
      summary: Mine (no security)
      security: []
      responses:
        '200':
          description: Mine.
          content:
            application/json:
              schema:
                type: array
                items: {type: string}
              example: [mine]
  /things/{thingId}:
    parameters:
      - name: thingId
        in: path
        required: true
        schema: {type: string, pattern: '^t-[0-9]+$'}
    get:
      operationId: getThing
      tags: [things]
      summary: Get a thing
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
              examples:
                small:
                  value:
                    id: 3c90c3cc-0d44-4b50-8888-8dd25736052a
                    createdAt: '2024-01-01T00:00:00Z'
                    name: pebble
                    kind: small
                large:
                  value:
                    id: 3c90c3cc-0d44-4b50-8888-8dd25736052b
                    createdAt: '2024-01-01T00:00:00Z'
                    name: boulder
                    kind: large
        '4XX':
          description: Client error (no example).
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
    delete:
      operationId: deleteThing
      tags: [things]
      summary: Delete a thing
      security:
        - basic: []
      responses:
        '204':
          description: Deleted.
  /bearer:
    get:
      operationId: bearerOnly
      tags: [things]
      summary: Bearer only
      security:
        - bearer: []
      responses:
        '200':
          description: OK.
          content:
            application/json:
              schema: {type: object}
              example: {ok: true}
components:
  securitySchemes:
    apiKey: {type: apiKey, in: header, name: X-API-Key}
    basic: {type: http, scheme: basic}
    bearer: {type: http, scheme: bearer}
  schemas:
    NewThing:
      type: object
      additionalProperties: false
      required: [name, kind]
      properties:
        name: {type: string, minLength: 2, maxLength: 20}
        kind: {type: string, enum: [small, large]}
        size: {type: number, exclusiveMinimum: 0, multipleOf: 0.5}
        tags:
          type: array
          minItems: 2
          uniqueItems: true
          items: {type: string}
        contact:
          type: object
          anyOf:
            - required: [email]
            - required: [phone]
          properties:
            email: {type: string, format: email}
            phone: {type: string}
    Thing:
      allOf:
        - type: object
          required: [name, kind]
          properties:
            name: {type: string, minLength: 2}
            kind: {type: string, enum: [small, large]}
            size: {type: number, exclusiveMinimum: 0}
        - type: object
          required: [id, createdAt]
          properties:
            id: {type: string, format: uuid, readOnly: true}
            createdAt: {type: string, format: date-time}
            owner: {type: [string, 'null'], format: email}
            parts:
              type: array
              minItems: 2
              uniqueItems: true
              items: {type: string, minLength: 4}
    Error:
      type: object
      required: [message, code]
      properties:
        message: {type: string}
        code: {type: integer}
"""
