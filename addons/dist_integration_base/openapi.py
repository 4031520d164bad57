# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""OpenAPI 3 document of the inbound API (served at /dist/api/v1/openapi.json)."""

PROBLEM = {"$ref": "#/components/schemas/Problem"}


def _problem(description):
    content = {"application/problem+json": {"schema": PROBLEM}}
    return {"description": description, "content": content}


def openapi_document():
    code = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
    status = {"$ref": "#/components/schemas/MessageStatus"}
    accepted = {"application/json": {"schema": status}}
    bodies = {
        media: {"schema": {"type": "string", "format": "binary"}}
        for media in ("application/edi-x12", "application/json", "application/xml", "text/csv")
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Dist Integration Suite inbound API",
            "version": "1.0.0",
            "description": "Post payloads (X12, JSON, XML, CSV) to a backend of the hub. The raw "
            "payload is committed and its processing queued before the answer.",
        },
        "paths": {
            "/dist/api/v1/{code}/messages": {
                "post": {
                    "summary": "Submit a message",
                    "parameters": [
                        code,
                        _header("Idempotency-Key", "Repeat-safe key; a repeat answers 200."),
                        _header("X-Dist-Message-Type", "Message type code, e.g. x12.inbound."),
                        _header("X-Dist-Timestamp", "Unix seconds (when signatures are on)."),
                        _header("X-Dist-Signature", "sha256=<hex HMAC of '<timestamp>.<body>'>"),
                    ],
                    "requestBody": {"required": True, "content": bodies},
                    "responses": {
                        "202": {"description": "Stored and queued", "content": accepted},
                        "200": {"description": "Already received (same key)", "content": accepted},
                        "400": _problem("Bad request (unknown message type...)"),
                        "401": _problem("Missing/wrong/revoked/expired key or bad signature"),
                        "403": _problem("IP address not allowed"),
                        "404": _problem("Unknown backend"),
                        "413": _problem("Body larger than the backend allows"),
                        "415": _problem("Unsupported content type"),
                        "429": _problem("Rate limit exceeded (see Retry-After)"),
                    },
                }
            },
            "/dist/api/v1/{code}/messages/{id}": {
                "get": {
                    "summary": "Status of a message sent by this backend",
                    "parameters": [
                        code,
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                    ],
                    "responses": {
                        "200": {"description": "Status", "content": accepted},
                        "401": _problem("Authentication required"),
                        "404": _problem("No such message for this backend"),
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
            },
            "schemas": {
                "MessageStatus": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "type": {"type": "string"},
                        "status": {"type": "string"},
                        "received_at": {"type": "string"},
                        "status_url": {"type": "string"},
                    },
                },
                "Problem": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                    },
                },
            },
        },
        "security": [{"bearer": []}, {"apiKey": []}],
    }


def _header(name, description):
    return {
        "name": name,
        "in": "header",
        "required": False,
        "description": description,
        "schema": {"type": "string"},
    }
