"""Geography: geodesic areas, snapshots as GeoDataFrames, and ``locate`` at scale.

``geometry`` (areas), ``index`` (the compiled quadtree and its disk cache), ``kernel`` (the numba
hot loop), ``timetable`` (timelines as arrays), ``inputs`` (reading coordinates and dates),
``locate`` (the :class:`~terrachron.geo.locate.Locator` and the boundary rule), ``snapshot``, and
``state`` (what a :class:`~terrachron.Ledger` keeps). The public entry points are the
:class:`~terrachron.Ledger` methods ``locate``, ``locate_frame``, ``snapshot``, ``area`` and
``areas``; nothing here is imported until one of them is called.
"""
