"""``terrachron.dask.locate`` on a real two-worker cluster agrees with ``Ledger.locate``."""

from __future__ import annotations

from collections.abc import Iterator

import dask
import dask.dataframe as dd
import distributed
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import terrachron
import terrachron.dask as tdask
from terrachron.errors import QueryError
from terrachron.geo.locate import COLUMNS

from .conftest import MINI


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Without the active memory manager: its ReduceReplicas policy drops the second copy of the
    # scattered locator every 2 s once no task waits for it, which races the check below that
    # both workers received it (a locator with its land index takes longer to ship).
    with (
        dask.config.set({"distributed.scheduler.active-memory-manager.start": False}),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        ) as cluster,
        Client(cluster) as c,
    ):
        c.wait_for_workers(2)
        yield c


def _points(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    df = pd.DataFrame(
        {
            "x": rng.uniform(9.5, 11.5, n),
            "y": rng.uniform(-1.5, 2.5, n),
            "d": (np.datetime64("1840-01-01") + rng.integers(0, 60_000, n)).astype("datetime64[D]"),
        },
        index=pd.RangeIndex(1000, 1000 + n),
    )
    df.loc[1003, "x"] = np.nan
    return df


def test_two_workers_agree_with_the_local_answer(client: Client) -> None:
    ledger = terrachron.open_ledger(MINI)
    df = _points(20_000)
    ddf = dd.from_pandas(df, npartitions=8)
    result = tdask.locate(ddf, ledger, lon="x", lat="y", date="d", view="borgia")
    assert list(result.columns) == list(COLUMNS)
    got = result.compute()
    # The locator was scattered once; the graph only refers to it, and both workers hold it.
    holders = [w for k, w in client.who_has().items() if str(k).startswith("Locator-")]
    assert len(holders) == 1
    assert len(holders[0]) == 2
    want = ledger.locate(df["x"], df["y"], df["d"], view="borgia").set_axis(df.index)
    want.attrs.clear()
    pd.testing.assert_frame_equal(got, want)
    # Both workers took part.
    ran = client.run(lambda dask_worker: len(dask_worker.data))
    assert len(ran) == 2
    summary = tdask.summary(result)
    assert summary.rows == len(df)
    assert summary.problems == 1
    assert summary.located + summary.outside + summary.problems == len(df)


def test_a_compiled_locator_can_be_passed(client: Client) -> None:
    ledger = terrachron.open_ledger(MINI)
    df = _points(500)
    ddf = dd.from_pandas(df.rename(columns={"d": "date"}), npartitions=2)
    got = tdask.locate(ddf, ledger.locator("alda"), lon="x", lat="y").compute()
    assert got["controller"].notna().sum() > 0
    with pytest.raises(QueryError):
        tdask.locate(ddf, "not a ledger", lon="x", lat="y")  # type: ignore[arg-type]


def test_without_a_client_the_locator_is_one_delayed_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_client() -> None:
        raise ValueError("no client")

    monkeypatch.setattr(distributed, "default_client", no_client)
    ledger = terrachron.open_ledger(MINI)
    ddf = dd.from_pandas(_points(300), npartitions=3)
    result = tdask.locate(ddf, ledger, lon="x", lat="y", date="d")
    names = [str(k[0] if isinstance(k, tuple) else k) for k in dict(result.__dask_graph__())]
    assert sum(n.startswith("terrachron-locator-") for n in names) == 1
    got = result.compute(scheduler="threads")
    assert len(got) == 300


def test_a_dask_geopandas_frame_of_points_is_located_like_geopandas(client: Client) -> None:
    import dask_geopandas
    import geopandas as gpd

    ledger = terrachron.open_ledger(MINI)
    df = _points(3_000).dropna()
    gdf = gpd.GeoDataFrame(
        {"d": df["d"]}, geometry=gpd.points_from_xy(df["x"], df["y"]), crs="EPSG:4326"
    )
    dgdf = dask_geopandas.from_geopandas(gdf, npartitions=3)
    got = tdask.locate(dgdf, ledger, date="d", view="alda").compute()
    want = ledger.locate_frame(gdf, date="d", view="alda")
    want.attrs.clear()
    pd.testing.assert_frame_equal(got, want)
    assert got["controller"].notna().sum() > 0
