"""The cyclic garbage collector never runs on a worker thread while the app is up."""

import gc
import threading


def test_the_app_collects_cycles_only_on_the_gui_thread(app, qtbot):
    assert not gc.isenabled()  # automatic collection (which may start on any thread) is off
    seen = []

    class Cycle:
        def __init__(self):
            self.me = self

        def __del__(self):
            seen.append(threading.current_thread() is threading.main_thread())

    def make_garbage():
        for _ in range(2000):  # far past generation 0's threshold
            Cycle()

    worker = threading.Thread(target=make_garbage)
    worker.start()
    worker.join()
    assert seen == []  # nothing was collected on the worker thread
    # the GUI-thread timer does it, in a running event loop as in the app (qtbot.wait runs a
    # QEventLoop; waitUntil's short polls let this 1 s timer miss its turn after some tests)
    for _ in range(100):
        if len(seen) >= 2000:
            break
        qtbot.wait(100)
    assert len(seen) >= 2000, (len(seen), gc.get_count())
    assert all(seen)
