/**
 * A small uv workspace, written by hand for the uv.lock tests: a virtual root with
 * `[tool.uv.workspace] members = ["packages/*"]`, a library and an app that requires it in
 * `[project].dependencies` and in a PEP 735 test group through `{ workspace = true }`.
 *
 * The lock follows the format uv writes (lock schema `version = 1`, `revision = 3`) as shown by the
 * snapshots in the public astral-sh/uv repository (crates/uv/tests/lock/lock.rs,
 * crates/uv/tests/workspace/workspace.rs) and its serializer (crates/uv-resolver/src/lock/mod.rs):
 * members as `source = { editable = "<path from the lock>" }`, workspace requirements in
 * `[package.metadata] requires-dist` with their source and no specifier, index requirements with
 * `specifier`, groups under `[package.dev-dependencies]` and `[package.metadata.requires-dev]`.
 * Hashes and URLs are made up.
 */

export const UV_ROOT_PYPROJECT = `[tool.uv.workspace]
members = ["packages/*"]
exclude = ["packages/scratch"]
`;

export const UV_LIB_PYPROJECT = `[project]
name = "token-lib"
version = "0.1.0"
requires-python = ">=3.12"

[build-system]
requires = ["uv_build>=0.7,<10000"]
build-backend = "uv_build"
`;

export const UV_APP_PYPROJECT = `[project]
name = "token-app"
version = "0.1.0"
requires-python = ">=3.12"
dependencies = ["click>=8", "token-lib>=0.1.0"]

[dependency-groups]
test = ["token-lib>=0.1.0", "httpx>=0.27"]

[tool.uv.sources]
token-lib = { workspace = true }

[build-system]
requires = ["uv_build>=0.7,<10000"]
build-backend = "uv_build"
`;

export const UV_LOCK = `version = 1
revision = 3
requires-python = ">=3.12"

[manifest]
members = [
    "token-app",
    "token-lib",
]

[[package]]
name = "click"
version = "8.1.7"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.example.org/click-8.1.7.tar.gz", hash = "sha256:77c08256ec7766b586df48516a6d1c6851aea6d2ebb9634ac8257bb0f86f7f07", size = 336121, upload-time = "2023-08-17T17:29:11.868Z" }
wheels = [
    { url = "https://files.example.org/click-8.1.7-py3-none-any.whl", hash = "sha256:ce5ae0d4d943173dc011f60df96843025a2c00c6c150029ec502c86eac2429a1", size = 97941, upload-time = "2023-08-17T17:29:10.08Z" },
]

[[package]]
name = "httpx"
version = "0.27.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.example.org/httpx-0.27.0.tar.gz", hash = "sha256:7a2a13d04337196dae47e3a2507c2697cb997efbee088216f37b77582d3e0a0e", size = 126413, upload-time = "2024-02-21T13:07:52.434Z" }
wheels = [
    { url = "https://files.example.org/httpx-0.27.0-py3-none-any.whl", hash = "sha256:f2fa3a40255b215ae9247c28d981e238c131b7f9536ed443c8be9f2db1ab3ced", size = 75590, upload-time = "2024-02-21T13:07:50.455Z" },
]

[[package]]
name = "token-app"
version = "0.1.0"
source = { editable = "packages/token-app" }
dependencies = [
    { name = "click" },
    { name = "token-lib" },
]

[package.dev-dependencies]
test = [
    { name = "httpx" },
    { name = "token-lib" },
]

[package.metadata]
requires-dist = [
    { name = "click", specifier = ">=8" },
    { name = "token-lib", editable = "packages/token-lib" },
]

[package.metadata.requires-dev]
test = [
    { name = "httpx", specifier = ">=0.27" },
    { name = "token-lib", editable = "packages/token-lib" },
]

[[package]]
name = "token-lib"
version = "0.1.0"
source = { editable = "packages/token-lib" }
`;
