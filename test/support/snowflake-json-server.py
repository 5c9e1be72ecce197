"""fakesnow's HTTP server, with query results rewritten from Arrow to Snowflake's JSON rowset.

fakesnow answers SELECTs as Arrow IPC, which the Node snowflake-sdk cannot read (it only reads
the JSON result format). Snowflake itself sends JSON when the session asks for it, so this
test-only wrapper re-encodes each Arrow result the way Snowflake's JSON rowset spells values:
every cell a string (or null); FIXED as a plain decimal, DATE as days since the epoch, TIME as
seconds since midnight, TIMESTAMP_* as epoch seconds with a 9-digit fraction (TIMESTAMP_TZ
followed by its offset in minutes + 1440), BINARY as hex. The provider never sees this: it
talks plain snowflake-sdk to the loopback port.

    python snowflake-json-server.py PORT
"""

from __future__ import annotations

import base64
import decimal
import json
import sys

import pyarrow as pa
import uvicorn
import importlib

fakesnow_server = importlib.import_module("fakesnow.server")
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, request_response


def cell(value, column_type: str) -> str | None:
    if value is None:
        return None
    if column_type == "boolean":
        return "1" if value else "0"
    if column_type == "date":
        return str(value)  # already days since the epoch (arrow date32 as int)
    if column_type == "time":
        seconds, nanoseconds = divmod(int(value), 1_000_000_000)
        return f"{seconds}.{nanoseconds:09d}"
    if column_type.startswith("timestamp"):
        # fakesnow builds its timestamp structs without a null mask: a null reads as null fields
        if value.get("epoch") is None:
            return None
        # Snowflake writes the instant as one signed decimal of seconds: -0.000001000, not -1.999999000
        total = value["epoch"] * 1_000_000_000 + value["fraction"]
        seconds, nanoseconds = divmod(abs(total), 1_000_000_000)
        text = f"{'-' if total < 0 else ''}{seconds}.{nanoseconds:09d}"
        return f"{text} {value['timezone']}" if column_type == "timestamp_tz" else text
    if column_type == "binary":
        return bytes(value).hex().upper()
    if column_type == "fixed":
        if isinstance(value, decimal.Decimal):
            return format(value, "f")
        return str(value)
    if column_type == "real":
        return repr(float(value))
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex().upper()
    return str(value)


def arrow_to_rowset(encoded: str, rowtype: list[dict]) -> list[list[str | None]]:
    if not encoded:
        return []
    table = pa.ipc.open_stream(base64.b64decode(encoded)).read_all()
    types = [column["type"].lower() for column in rowtype]
    columns = []
    for index, column in enumerate(table.columns):
        if pa.types.is_date32(column.type):
            values = column.cast(pa.int32()).to_pylist()
        else:
            values = column.to_pylist()
        columns.append([cell(value, types[index]) for value in values])
    return [list(row) for row in zip(*columns)] if columns else []


# Snowflake sends its output formats with every result, and the Node driver needs them to
# turn dates, times and binary values into objects; fakesnow sends only TIMEZONE.
OUTPUT_FORMATS = [
    {"name": "BINARY_OUTPUT_FORMAT", "value": "HEX"},
    {"name": "DATE_OUTPUT_FORMAT", "value": "YYYY-MM-DD"},
    {"name": "TIME_OUTPUT_FORMAT", "value": "HH24:MI:SS"},
    {"name": "TIMESTAMP_OUTPUT_FORMAT", "value": "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM"},
    {"name": "TIMESTAMP_NTZ_OUTPUT_FORMAT", "value": "YYYY-MM-DD HH24:MI:SS.FF3"},
    {"name": "TIMESTAMP_LTZ_OUTPUT_FORMAT", "value": ""},
    {"name": "TIMESTAMP_TZ_OUTPUT_FORMAT", "value": ""},
]


async def json_query_request(request: Request):
    response = await fakesnow_server.query_request(request)
    body = json.loads(response.body)
    data = body.get("data")
    if not body.get("success") or not isinstance(data, dict):
        return response
    data["parameters"] = [*(data.get("parameters") or []), *OUTPUT_FORMATS]
    data.setdefault("version", 1)
    for column in data.get("rowtype") or []:
        # Snowflake states the fractional digits of times and timestamps (9 unless declared);
        # without them the Node driver drops the fraction. fakesnow sends none.
        if column.get("type", "").lower() in ("time", "timestamp_ntz", "timestamp_tz", "timestamp_ltz") and not column.get("scale"):
            column["scale"] = 9
    if data.get("queryResultFormat") == "arrow":
        data["rowset"] = arrow_to_rowset(data.pop("rowsetBase64", ""), data.get("rowtype") or [])
        data["queryResultFormat"] = "json"
        if data.get("total") is None:
            data["total"] = len(data["rowset"])
    if isinstance(data.get("rowset"), list):
        # the Node driver waits for more chunks unless told how many rows this answer holds
        data["returned"] = len(data["rowset"])
    return JSONResponse(body, status_code=response.status_code)


logins = 0


async def counted_login_request(request: Request):
    global logins
    logins += 1
    return await fakesnow_server.login_request(request)


aborts = 0


async def counted_abort_request(_: Request):
    """fakesnow acknowledges an abort without stopping the query; tests count that one was asked."""
    global aborts
    aborts += 1
    return JSONResponse({"success": True})


async def login_count(_: Request):
    """How many sessions were opened (a cached check opens none) and aborts requested."""
    return JSONResponse({"logins": logins, "aborts": aborts})


for route in fakesnow_server.app.router.routes:
    if isinstance(route, Route) and route.path == "/session/v1/login-request":
        route.endpoint = counted_login_request
        route.app = request_response(counted_login_request)
    if isinstance(route, Route) and route.path == "/queries/v1/abort-request":
        route.endpoint = counted_abort_request
        route.app = request_response(counted_abort_request)
    if isinstance(route, Route) and route.path == "/queries/v1/query-request":
        route.endpoint = json_query_request
        route.app = request_response(json_query_request)

fakesnow_server.app.router.routes.append(Route("/dataplane/logins", login_count, methods=["GET"]))

if __name__ == "__main__":
    uvicorn.run(fakesnow_server.app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
