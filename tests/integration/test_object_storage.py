"""The warehouse on object storage: `--warehouse s3://bucket/prefix` through s3fs, against
moto's S3-compatible server on loopback. Parquet tables and the DuckDB file are published
after the load; another machine (another cache directory) starts from them."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))


@pytest.fixture()
def s3():
    from moto.server import ThreadedMotoServer

    from sitrep.prefect_server import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
    import boto3

    boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], aws_access_key_id="testing", aws_secret_access_key="testing",
                 region_name="us-east-1").create_bucket(Bucket="warehouse")
    try:
        yield env
    finally:
        server.stop()


def sitrep(args, env):
    return subprocess.run([SITREP, *args], capture_output=True, text=True, timeout=300, env=dict(os.environ, **env))


def test_parquet_warehouse_on_s3(tmp_path, prefect_server, s3):
    import s3fs

    uri = "s3://warehouse/conflict"
    env = dict(s3, PREFECT_API_URL=prefect_server, SITREP_CACHE_DIR=str(tmp_path / "machine-a"))
    first = sitrep(["run", "--warehouse", uri], env)
    assert first.returncode == 0 and "Traceback" not in first.stdout + first.stderr, first.stdout + first.stderr
    assert uri in first.stdout

    fs = s3fs.S3FileSystem(client_kwargs={"endpoint_url": s3["AWS_ENDPOINT_URL"]}, key="testing", secret="testing")
    assert fs.exists("warehouse/conflict/sitrep.duckdb")
    manifest = json.loads(fs.cat("warehouse/conflict/_manifest.json"))
    assert {"articles", "events", "casualty_claims", "incidents"} <= set(manifest["tables"])
    assert any("/pub_year=2018/" in f for f in manifest["tables"]["events"])

    # an analyst reads the published Parquet straight from the bucket (DuckDB over fsspec)
    con = duckdb.connect()
    con.register_filesystem(fs)
    remote_events = con.execute("select count(*) from read_parquet('s3://warehouse/conflict/parquet/events/**/*.parquet', "
                                "hive_partitioning = true)").fetchone()[0]
    local = duckdb.connect(str(next((tmp_path / "machine-a" / "warehouses").iterdir()) / "sitrep.duckdb"), read_only=True)
    assert remote_events == local.execute("select count(*) from events").fetchone()[0] > 0
    local.close()

    # another machine: an empty cache, the same URI — it starts from the published state
    env_b = dict(env, SITREP_CACHE_DIR=str(tmp_path / "machine-b"))
    second = sitrep(["run", "--warehouse", uri], env_b)
    assert second.returncode == 0, second.stdout + second.stderr
    assert re.search(r"loaded\s+0\n", second.stdout) and re.search(r"unchanged\s+23\n", second.stdout), second.stdout
    query = sitrep(["query", "--warehouse", uri, "--format", "csv", "select count(*) as n from runs"], env_b)
    assert query.returncode == 0 and query.stdout.split() == ["n", "2"], query.stdout + query.stderr
