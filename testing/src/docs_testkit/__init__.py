"""The project's test toolkit: what the Python tests, the benchmarks and the launcher's tests share.

- ``keycloak_reader``: a reader going through Keycloak's hosted pages without a browser (sign-up, code flow with
  PKCE and DPoP, mailed links), its redirect follower bounded by ``MAX_REDIRECTS``; the mail catcher's API.
- ``admin``: Keycloak's admin REST API as the development admin (credentials from one place).
- ``secrets_seen``: every password, token, code and address the tests use, for make test's log scan.
- ``scratch_postgres``: a throwaway PostgreSQL from the launcher's embedded binaries.
- ``processes``: the processes of a folder, waits on a condition, free ports (the launcher's tests).
- ``nginx``: deploy/'s nginx configurations run by Debian's nginx as the official image runs them.
- ``stats``: percentiles and medians of the benchmarks.

Installed editable into build/py by ``make py-env`` (testing/pyproject.toml).
"""
