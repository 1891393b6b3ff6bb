"""Playback: one QTimer drives the model's single frame index that every view observes.

Play/pause, step back/forward, reset, a timeline slider over the step index, speed in steps
per second, and loop. Speed is honoured with elapsed time, so a slow frame does not slow the
clock.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QStyle,
    QToolButton,
    QWidget,
)

from ui.state.model import AppModel

TICK_MS = 16


class PlaybackBar(QWidget):
    playingChanged = Signal(bool)

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlaybackBar")
        self.model = model
        # precise: a coarse timer may fire up to 5 % late, which alone caps playback below
        # 60 frames/s; a late tick still advances by the elapsed time (see _tick), never queues
        self._timer = QTimer(self, interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self._carry = 0.0
        self._build()
        model.frameChanged.connect(self._sync)
        model.runUpdated.connect(lambda *_: self._sync())
        model.runsChanged.connect(self._sync)
        self._sync()

    def _button(self, icon: QStyle.StandardPixmap, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setIcon(self.style().standardIcon(icon))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 8, 4)
        sp = QStyle.StandardPixmap
        self.reset_button = self._button(
            sp.SP_MediaSkipBackward, "Reset to step 0 (Home)", self.reset
        )
        self.back_button = self._button(sp.SP_MediaSeekBackward, "Step back (←)", self.step_back)
        self.play_button = self._button(sp.SP_MediaPlay, "Play / pause (Space)", self.toggle)
        self.forward_button = self._button(
            sp.SP_MediaSeekForward, "Step forward (→)", self.step_forward
        )
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setToolTip("Timeline: drag to any step")
        self.slider.valueChanged.connect(self._on_slider)
        self.step_label = QLabel()
        self.step_label.setMinimumWidth(110)
        self.speed = QSpinBox()
        self.speed.setRange(1, 2000)
        self.speed.setValue(40)
        self.speed.setSuffix(" steps/s")
        self.speed.setToolTip("Playback speed")
        self.loop = QCheckBox("loop")
        for w in (self.reset_button, self.back_button, self.play_button, self.forward_button):
            row.addWidget(w)
        row.addWidget(self.slider, 1)
        row.addWidget(self.step_label)
        row.addWidget(self.speed)
        row.addWidget(self.loop)

    # -- API ----------------------------------------------------------------------------------
    def is_playing(self) -> bool:
        return self._timer.isActive()

    def play(self) -> None:
        if self.is_playing():
            return
        if self.model.frame >= self.model.last_frame() and self.model.last_frame() > 0:
            self.model.set_frame(0)
        self._clock.start()
        self._carry = 0.0
        self._timer.start()
        self._set_icon()
        self.playingChanged.emit(True)

    def pause(self) -> None:
        if not self.is_playing():
            return
        self._timer.stop()
        self._set_icon()
        self.playingChanged.emit(False)

    def toggle(self) -> None:
        self.pause() if self.is_playing() else self.play()

    def step_forward(self) -> None:
        self.pause()
        self.model.set_frame(self.model.frame + 1)

    def step_back(self) -> None:
        self.pause()
        self.model.set_frame(self.model.frame - 1)

    def reset(self) -> None:
        self.pause()
        self.model.set_frame(0)

    def replay(self) -> None:
        """The race again from step 0, playing."""
        self.reset()
        self.play()

    # -- internals ----------------------------------------------------------------------------
    def _tick(self) -> None:
        elapsed = self._clock.restart() / 1000.0
        self._carry += elapsed * self.speed.value()
        advance = int(self._carry)
        if advance < 1:
            return
        self._carry -= advance
        last = self.model.last_frame()
        target = self.model.frame + advance
        if target > last:
            if self.loop.isChecked() and last > 0:
                target = 0
            else:
                self.model.set_frame(last)
                self.pause()
                return
        self.model.set_frame(target)

    def _on_slider(self, value: int) -> None:
        if value != self.model.frame:
            self.model.set_frame(value)

    def _sync(self, *_args) -> None:
        last = self.model.last_frame()
        self.slider.blockSignals(True)
        self.slider.setRange(0, last)
        self.slider.setValue(self.model.frame)
        self.slider.blockSignals(False)
        self.step_label.setText(f"step {self.model.frame} / {last}")

    def _set_icon(self) -> None:
        sp = QStyle.StandardPixmap
        icon = sp.SP_MediaPause if self.is_playing() else sp.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
