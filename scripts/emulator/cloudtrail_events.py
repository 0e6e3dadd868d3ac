"""CloudTrail event history for the test emulator: moto 5.2.5 has no LookupEvents.

A WSGI middleware in front of moto's app records every signed call (access key id from the
SigV4 Authorization header, event name, event source, region, user agent, source address) and
answers `CloudTrail_20131101.LookupEvents` itself, in the real API's shape (AWS CloudTrail API
Reference, "LookupEvents"): `Events[]` newest first with `CloudTrailEvent` as a JSON string,
`NextToken` paging, `MaxResults` 1-50 (default 50), 90 days of management events, and the
2-requests-per-second quota answered as `ThrottlingException`.

Source address: a simulated workload stands for a machine elsewhere by sending
`X-Forwarded-For: <address>` (or `X-Forwarded-For: <service>.amazonaws.com` for an AWS service
calling on its behalf); without it the loopback peer address is recorded. S3 object calls are data
events, which the event history does not hold: they are not recorded (IAM's last-used still is).

Hooks (served by the launcher): POST /cloudtrail {"deny"?: bool, "throttle"?: bool} makes every
LookupEvents answer AccessDeniedException or ThrottlingException; GET /cloudtrail/lookups counts
the LookupEvents requests answered (and throttled) since the last reset.
"""

import base64
import datetime
import io
import json
import re
import threading
import time
import urllib.parse
from typing import Callable

# The SDKs send "CloudTrail_20131101.LookupEvents"; older ones the fully qualified name.
TARGET = "CloudTrail_20131101.LookupEvents"
MAX_RESULTS = 50
RETENTION_DAYS = 90
RATE_PER_SECOND = 2
MAX_EVENTS = 500_000
_CREDENTIAL = re.compile(r"Credential=([A-Z0-9]+)/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request")

_lock = threading.Lock()
_events: list[dict] = []
_faults = {"deny": False, "throttle": False}
_stats = {"answered": 0, "throttled": 0}
_recent: list[float] = []


class InvalidMaxResults(Exception):
    pass


class InvalidNextToken(Exception):
    pass


def reset() -> None:
    with _lock:
        _events.clear()
        _recent.clear()
        _faults.update(deny=False, throttle=False)
        _stats.update(answered=0, throttled=0)


def set_faults(body: dict) -> dict:
    with _lock:
        for name in ("deny", "throttle"):
            if name in body:
                if not isinstance(body[name], bool):
                    raise ValueError(f"{name} must be true or false, got {body[name]!r}")
                _faults[name] = body[name]
        return dict(_faults)


def lookups() -> dict:
    with _lock:
        return {**_stats, "events": len(_events)}


def _iso(when: datetime.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _event_name(environ: dict, body: bytes, service: str) -> str | None:
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target:
        return target.rsplit(".", 1)[-1]
    query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
    if "Action" in query:
        return query["Action"][0]
    if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return form["Action"][0]
    if service == "s3":
        # Bucket listing, creation and deletion are management events; object calls and object
        # listings are data events, which the event history does not hold.
        segments = [s for s in environ.get("PATH_INFO", "/").split("/") if s]
        method = environ.get("REQUEST_METHOD", "GET")
        if not segments:
            return "ListBuckets"
        if len(segments) == 1 and method in ("PUT", "DELETE"):
            return "CreateBucket" if method == "PUT" else "DeleteBucket"
        return None
    return f"{environ.get('REQUEST_METHOD', 'GET')} {environ.get('PATH_INFO', '/')}"


def _record(environ: dict, body: bytes, now: datetime.datetime) -> None:
    match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    if match is None:
        return
    key_id, region, service = match.groups()
    name = _event_name(environ, body, service)
    if name is None or name == "LookupEvents":
        return
    forwarded = environ.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
    with _lock:
        if len(_events) >= MAX_EVENTS:
            return
        _events.append(
            {
                "eventId": f"00000000-0000-4000-8000-{len(_events):012d}",
                "eventTime": now,
                "eventName": name,
                "eventSource": f"{service}.amazonaws.com",
                "awsRegion": region,
                "accessKeyId": key_id,
                "userAgent": environ.get("HTTP_USER_AGENT", ""),
                "sourceIPAddress": forwarded or environ.get("REMOTE_ADDR", "127.0.0.1"),
            }
        )


def _error(start_response, status: str, kind: str, message: str) -> list[bytes]:
    data = json.dumps({"__type": kind, "message": message}).encode()
    start_response(status, [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(data)))])
    return [data]


def _throttled(now: float) -> bool:
    with _lock:
        while _recent and now - _recent[0] >= 1.0:
            _recent.pop(0)
        if _faults["throttle"] or len(_recent) >= RATE_PER_SECOND:
            _stats["throttled"] += 1
            return True
        _recent.append(now)
        _stats["answered"] += 1
        return False


def _time_param(request: dict, name: str) -> datetime.datetime | None:
    value = request.get(name)
    if value is None:
        return None
    if not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a timestamp in epoch seconds, got {value!r}")
    return datetime.datetime.fromtimestamp(value, datetime.timezone.utc).replace(tzinfo=None)


def _cloudtrail_event(e: dict, account: str) -> dict:
    return {
        "eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "accountId": account, "accessKeyId": e["accessKeyId"]},
        "eventTime": _iso(e["eventTime"]),
        "eventSource": e["eventSource"],
        "eventName": e["eventName"],
        "awsRegion": e["awsRegion"],
        "sourceIPAddress": e["sourceIPAddress"],
        "userAgent": e["userAgent"],
        "requestParameters": None,
        "responseElements": None,
        "eventID": e["eventId"],
        "readOnly": e["eventName"].startswith(("Get", "List", "Describe")),
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": account,
        "eventCategory": "Management",
    }


def _lookup(request: dict, now: datetime.datetime, account: str, region: str) -> dict:
    attributes = request.get("LookupAttributes") or []
    if len(attributes) > 1:
        raise ValueError("LookupAttributes takes at most one attribute")
    max_results = request.get("MaxResults", MAX_RESULTS)
    if not isinstance(max_results, int) or not 1 <= max_results <= MAX_RESULTS:
        raise InvalidMaxResults(f"MaxResults must be from 1 to {MAX_RESULTS}, got {max_results!r}")
    oldest = now - datetime.timedelta(days=RETENTION_DAYS)
    start = max(_time_param(request, "StartTime") or oldest, oldest)
    end = _time_param(request, "EndTime") or now
    with _lock:
        matching = [
            e
            for e in _events
            if start <= e["eventTime"] <= end
            and e["awsRegion"] == region
            and all(a.get("AttributeKey") != "AccessKeyId" or a.get("AttributeValue") == e["accessKeyId"] for a in attributes)
        ]
    matching.sort(key=lambda e: (e["eventTime"], e["eventId"]), reverse=True)
    offset = 0
    if request.get("NextToken"):
        try:
            offset = int(base64.b64decode(request["NextToken"]).decode())
        except ValueError as err:
            raise InvalidNextToken("NextToken is not one this service issued") from err
    page = matching[offset : offset + max_results]
    result: dict = {
        "Events": [
            {
                "EventId": e["eventId"],
                "EventName": e["eventName"],
                "ReadOnly": str(_cloudtrail_event(e, account)["readOnly"]).lower(),
                "AccessKeyId": e["accessKeyId"],
                "EventTime": e["eventTime"].replace(tzinfo=datetime.timezone.utc).timestamp(),
                "EventSource": e["eventSource"],
                "Username": None,
                "Resources": [],
                "CloudTrailEvent": json.dumps(_cloudtrail_event(e, account)),
            }
            for e in page
        ]
    }
    if offset + max_results < len(matching):
        result["NextToken"] = base64.b64encode(str(offset + max_results).encode()).decode()
    return result


def middleware(app: Callable, clock: Callable[[], datetime.datetime], account: str) -> Callable:
    """Wraps moto's WSGI app: answers LookupEvents, records every other signed call."""

    def wrapped(environ: dict, start_response):  # type: ignore[no-untyped-def]
        if environ.get("PATH_INFO") == "/moto-api/reset" and environ.get("REQUEST_METHOD") == "POST":
            reset()
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        if environ.get("HTTP_X_AMZ_TARGET", "").endswith(TARGET):
            match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
            region = match.group(2) if match else "us-east-1"
            return _answer(body, clock(), account, region, start_response)
        _record(environ, body, clock())
        return app(environ, start_response)

    return wrapped


def _answer(body: bytes, now: datetime.datetime, account: str, region: str, start_response) -> list[bytes]:  # type: ignore[no-untyped-def]
    with _lock:
        denied = _faults["deny"]
    if denied:
        return _error(
            start_response,
            "400 Bad Request",
            "AccessDeniedException",
            "User is not authorized to perform: cloudtrail:LookupEvents",
        )
    if _throttled(time.monotonic()):
        return _error(start_response, "400 Bad Request", "ThrottlingException", "Rate exceeded")
    try:
        result = _lookup(json.loads(body or b"{}"), now, account, region)
    except InvalidMaxResults as err:
        return _error(start_response, "400 Bad Request", "InvalidMaxResultsException", str(err))
    except InvalidNextToken as err:
        return _error(start_response, "400 Bad Request", "InvalidNextTokenException", str(err))
    except ValueError as err:
        return _error(start_response, "400 Bad Request", "InvalidLookupAttributesException", str(err))
    data = json.dumps(result).encode()
    start_response("200 OK", [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(data)))])
    return [data]
