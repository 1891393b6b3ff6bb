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
    # the app's collector is a timer of the GUI thread; the cycles were garbage, and a
    # collection there (as the timer makes) finalises them all on the GUI thread
    import ui.shell.app as shell_app

    timer = shell_app._COLLECTOR.timer
    assert timer.isActive() and timer.thread() is app.thread()
    gc.collect()
    assert len(seen) == 2000
    assert all(seen)
