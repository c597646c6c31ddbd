#!/usr/bin/env python3
"""Fetches a user's SSO access token and ID token through base44_sso.

    python3 fetch_token.py [USER_ID]

Configuration comes from BASE44_APP_ID, BASE44_SERVICE_TOKEN and
BASE44_API_URL (Client.from_env). Run under Tests/StandIn/with-standin.sh
(as `make demo` does) it talks to the stand-in server instead, through the
B44SSO_TEST_* variables that script exports.
"""

import os
import sys

import base44_sso


def make_client() -> base44_sso.Client:
    if "B44SSO_TEST_URL" in os.environ:  # started by Tests/StandIn/with-standin.sh
        return base44_sso.Client(
            app_id=os.environ["B44SSO_TEST_APP_ID"],
            service_token=os.environ["B44SSO_TEST_SERVICE_TOKEN"],
            server_url=os.environ["B44SSO_TEST_URL"],
            timeout_ms=5000,
        )
    return base44_sso.Client.from_env()


def masked(token: str) -> str:
    # Tokens are secrets: show only enough to recognise one.
    return "%s... (%d characters)" % (token[:6], len(token))


def main() -> int:
    user_id = sys.argv[1] if len(sys.argv) > 1 else "demo-user"
    print("base44_sso %s, libb44sso %s" % (base44_sso.__version__,
                                           base44_sso.library_version()))
    try:
        with make_client() as client:
            access_token = client.sso.get_access_token(user_id)
            id_token = client.sso.get_id_token(user_id)
    except base44_sso.Base44Error as error:
        print("failed: %r" % error, file=sys.stderr)
        return 1
    print("access token for %s: %s" % (user_id, masked(access_token)))
    print("ID token for %s: %s" % (user_id, masked(id_token)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
