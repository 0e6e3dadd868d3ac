"""Test-only launcher: a moto server plus a loopback hook server in one process.

moto has no time control, so the hook server reaches into moto's in-memory IAM objects
(the approach moto's maintainers endorse for tests):

  POST /clock     {"now": ISO-8601 | null}  freeze IAM's clock (CreateDate, last-used) at `now`
  POST /backdate  {"user", "accessKeyId", "createDate"?: ISO, "lastUsed"?: {"date", "service"?, "region"?} | null}
  POST /seed-bulk {"now", "seed"?, "cohorts": [...]}  create many users with back-dated keys in-process
                  (see _seed_bulk: thousands of users in seconds, where the IAM API takes minutes)
  GET  /secrets   every SecretAccessKey moto has issued since start (deleted keys included)
  POST /cloudtrail {"deny"?, "throttle"?}  make LookupEvents refuse (cloudtrail_events.py)
  GET  /cloudtrail/lookups  LookupEvents requests answered and throttled since the last reset

moto has no CloudTrail LookupEvents: cloudtrail_events.py wraps moto's WSGI app to record the
calls signed with each key and answer LookupEvents from them, on the IAM clock.
  GET  /health

Prints one JSON line {"moto": port, "hooks": port} on stdout when both servers listen, and
exits when stdin closes, so a crashed parent never leaves it behind. Binds 127.0.0.1 only.
"""

import datetime
import json
import logging
import os
import random
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import moto.iam.models as iam_models
from moto.core.utils import utcnow as real_utcnow
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

sys.dont_write_bytecode = True  # the sibling module below: no __pycache__ in the work tree
import cloudtrail_events  # noqa: E402

ACCOUNT_ID = "123456789012"
PARTITION = "aws"  # moto 5.2.5 keys IAM backends by partition: iam_backends[account]["aws"]
MAX_BODY_BYTES = 64 * 1024
MAX_SECRETS = 200_000
MAX_BULK_USERS = 50_000
BULK_REGION = "us-east-1"
DAY_SECONDS = 86_400
MAX_LIFETIME_SECONDS = int(os.environ.get("MOTO_LAUNCHER_MAX_SECONDS", "7200"))

_lock = threading.Lock()
_issued_secrets: list[str] = []
_clock: dict = {"frozen": None}


def _sim_utcnow() -> datetime.datetime:
    """IAM's clock: real time, or exactly the frozen simulated instant.

    Exact (no ticking) so a key the engine creates on simulated day d is precisely N days old on
    day d + N, and scenario tests can name the day each rule fires. The engine never creates two
    keys for one user in one run, so equal CreateDates cannot make a user's keys ambiguous.
    """
    with _lock:
        frozen = _clock["frozen"]
    return real_utcnow() if frozen is None else frozen


def _record_issued_keys() -> None:
    original_init = iam_models.AccessKey.__init__

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original_init(self, *args, **kwargs)
        with _lock:
            if len(_issued_secrets) < MAX_SECRETS:
                _issued_secrets.append(self.secret_access_key)

    iam_models.AccessKey.__init__ = init  # type: ignore[method-assign]


def _parse_time(value: str, field: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError) as err:
        raise ValueError(f"{field} must be an ISO-8601 date-time, got {value!r}") from err
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return parsed  # moto stores naive UTC datetimes


def _backdate(body: dict) -> dict:
    backend = iam_models.iam_backends[body.get("account", ACCOUNT_ID)][PARTITION]
    key = backend.get_user(body["user"]).get_access_key_by_id(body["accessKeyId"])
    if "createDate" in body:
        key.create_date = _parse_time(body["createDate"], "createDate")
    if "lastUsed" in body:
        used = body["lastUsed"]
        key.last_used = (
            None
            if used is None
            else iam_models.AccessKeyLastUsed(
                timestamp=_parse_time(used["date"], "lastUsed.date"),
                service=used.get("service", "iam"),
                region=used.get("region", "us-east-1"),
            )
        )
    return {"createDate": key.create_date.isoformat(), "lastUsed": key.last_used and key.last_used.timestamp.isoformat()}


def _day_range(value, field: str) -> tuple[int, int]:
    """A whole number of days, or [min, max] inclusive: the seeded PRNG draws within it."""
    pair = [value, value] if isinstance(value, int) else value
    low, high = pair if isinstance(pair, list) and len(pair) == 2 else (None, None)
    if not (isinstance(low, int) and isinstance(high, int) and 0 <= low <= high):
        raise ValueError(f"{field} must be a whole number of days >= 0 or [min, max] with min <= max, got {value!r}")
    return low, high


def _check_cohort(cohort: dict, where: str) -> None:
    """Rejects a bad spec before anything is created, so a failed request leaves IAM untouched."""
    if not isinstance(cohort.get("namePrefix"), str) or not cohort["namePrefix"]:
        raise ValueError(f"{where}.namePrefix must be a non-empty string, got {cohort.get('namePrefix')!r}")
    if not isinstance(cohort.get("count"), int) or cohort["count"] < 0:
        raise ValueError(f"{where}.count must be a whole number >= 0, got {cohort.get('count')!r}")
    keys = cohort.get("keys")
    if not isinstance(keys, list) or len(keys) > 2:
        raise ValueError(f"{where}.keys must be a list of at most 2 keys (IAM's limit), got {keys!r}")
    for j, key in enumerate(keys):
        _day_range(key.get("ageDays"), f"{where}.keys[{j}].ageDays")
        if key.get("lastUsedDaysAgo") is not None:
            _day_range(key["lastUsedDaysAgo"], f"{where}.keys[{j}].lastUsedDaysAgo")
        if key.get("status", "Active") not in ("Active", "Inactive"):
            raise ValueError(f"{where}.keys[{j}].status must be Active or Inactive, got {key['status']!r}")


def _days_ago(now: datetime.datetime, rng: random.Random, days: tuple[int, int]) -> datetime.datetime:
    # A random second inside the drawn day keeps whole-day counts (what the rules compare) in range.
    return now - datetime.timedelta(seconds=rng.randint(*days) * DAY_SECONDS + rng.randrange(DAY_SECONDS))


def _seed_key(backend, user, spec: dict, now: datetime.datetime, rng: random.Random) -> None:
    key = backend.create_access_key(user.name, status=spec.get("status", "Active"))
    key.create_date = _days_ago(now, rng, _day_range(spec["ageDays"], "ageDays"))
    used = spec.get("lastUsedDaysAgo")
    if used is None:
        key.last_used = None
        return
    # A key cannot be used before it exists: clamp last-used to the creation instant.
    when = max(_days_ago(now, rng, _day_range(used, "lastUsedDaysAgo")), key.create_date)
    key.last_used = iam_models.AccessKeyLastUsed(timestamp=when, service="s3", region=BULK_REGION)


def _seed_bulk(body: dict) -> dict:
    """Creates cohorts of users straight in moto's IAM backend, deterministically for a given seed.

    Body: {"now": ISO, "seed"?: int, "account"?: id, "cohorts": [{"namePrefix", "count", "path"?,
    "tags"?: {k: v}, "groups"?: [name], "keys": [{"ageDays": d | [min, max],
    "lastUsedDaysAgo"?: d | [min, max] | null, "status"?: "Active" | "Inactive"}]}]}.
    Users are named namePrefix + a 5-digit index; groups are created when missing; the user's
    CreateDate is a day before its oldest key. Only counts are returned: the keys' secrets stay in
    moto (GET /secrets lists them for the leak guard).
    """
    backend = iam_models.iam_backends[body.get("account", ACCOUNT_ID)][PARTITION]
    now = _parse_time(body["now"], "now")
    rng = random.Random(int(body.get("seed", 1)))
    cohorts = body["cohorts"]
    for i, cohort in enumerate(cohorts):
        _check_cohort(cohort, f"cohorts[{i}]")
    total = sum(c["count"] for c in cohorts)
    if total > MAX_BULK_USERS:
        raise ValueError(f"cohorts ask for {total} users; at most {MAX_BULK_USERS} per request (split the spec)")
    names = [f"{c['namePrefix']}{n:05d}" for c in cohorts for n in range(c["count"])]
    clashes = sorted({n for n in names if n in backend.users})
    if len(set(names)) != len(names):
        clashes.append("(two cohorts share a namePrefix)")
    if clashes:
        raise ValueError(f"user names already taken: {clashes[:5]} (use distinct namePrefix values, or reset first)")
    created: dict[str, int] = {}
    keys = 0
    for cohort in cohorts:
        prefix = cohort["namePrefix"]
        tags = [{"Key": k, "Value": v} for k, v in (cohort.get("tags") or {}).items()]
        groups = cohort.get("groups") or []
        for group in groups:
            if group not in backend.groups:
                backend.create_group(group)
        for n in range(cohort["count"]):
            user = backend.create_user(BULK_REGION, f"{prefix}{n:05d}", cohort.get("path", "/"), tags)
            for group in groups:
                backend.add_user_to_group(group, user.name)
            for key in cohort["keys"]:
                _seed_key(backend, user, key, now, rng)
                keys += 1
            oldest = min((k.create_date for k in user.access_keys), default=now)
            user.create_date = oldest - datetime.timedelta(days=1)
        created[prefix] = created.get(prefix, 0) + cohort["count"]
    return {"users": total, "keys": keys, "cohorts": created}


def _set_clock(body: dict) -> dict:
    now = body.get("now")
    with _lock:
        _clock["frozen"] = None if now is None else _parse_time(now, "now")
    return {"now": now}


class MotoWithEventHistory(ThreadedMotoServer):
    """ThreadedMotoServer whose app records signed calls and answers CloudTrail LookupEvents."""

    def _server_entry(self) -> None:
        app = cloudtrail_events.middleware(
            DomainDispatcherApplication(create_backend_app), _sim_utcnow, ACCOUNT_ID
        )
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


class Hooks(BaseHTTPRequestHandler):
    def log_message(self, *_args) -> None:  # quiet: the parent only shows stderr on failure
        pass

    def _reply(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/health":
            return self._reply(200, {"ok": True})
        if self.path == "/secrets":
            with _lock:
                return self._reply(200, {"secrets": list(_issued_secrets)})
        if self.path == "/cloudtrail/lookups":
            return self._reply(200, cloudtrail_events.lookups())
        self._reply(404, {"error": f"no hook {self.path}"})

    def do_POST(self) -> None:
        routes = {
            "/backdate": _backdate,
            "/clock": _set_clock,
            "/seed-bulk": _seed_bulk,
            "/cloudtrail": cloudtrail_events.set_faults,
        }
        route = routes.get(self.path)
        if route is None:
            return self._reply(404, {"error": f"no hook {self.path}"})
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            return self._reply(413, {"error": f"body of {length} bytes exceeds {MAX_BODY_BYTES}"})
        try:
            result = route(json.loads(self.rfile.read(length) or b"{}"))
        except KeyError as err:
            return self._reply(400, {"error": f"missing or unknown: {err}"})
        except Exception as err:  # noqa: BLE001 - reported to the caller, which fails the test
            return self._reply(400, {"error": f"{type(err).__name__}: {err}"})
        self._reply(200, result)


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    _record_issued_keys()
    iam_models.utcnow = _sim_utcnow  # IAM only: SQS visibility timers etc. keep real time

    moto = MotoWithEventHistory(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    hooks = ThreadingHTTPServer(("127.0.0.1", 0), Hooks)
    hooks.daemon_threads = True
    threading.Thread(target=hooks.serve_forever, daemon=True).start()
    watchdog = threading.Timer(MAX_LIFETIME_SECONDS, lambda: os._exit(3))
    watchdog.daemon = True
    watchdog.start()

    print(json.dumps({"moto": moto.get_host_and_port()[1], "hooks": hooks.server_address[1]}), flush=True)
    for _ in sys.stdin:  # block until the parent closes stdin (or dies)
        pass
    os._exit(0)  # daemon threads hold sockets; skip interpreter teardown


if __name__ == "__main__":
    main()
