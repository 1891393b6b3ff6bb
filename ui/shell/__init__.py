"""The application shell: QApplication, the window, menus, settings, launch, screenshot, help, the
error log.
"""
