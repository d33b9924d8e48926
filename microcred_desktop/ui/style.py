"""The look: the platform's style (Fusion where none), one accent colour, generous spacing."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def stylesheet(accent: str = "#1f5fa8") -> str:
    return f"""
QWidget#sidebar {{ background: #f3f5f8; border-right: 1px solid #dde2ea; }}
QLabel#orgName {{ font-size: 15px; font-weight: 600; color: #1c2430; padding: 4px 2px; }}
QListWidget#nav {{ background: transparent; border: none; font-size: 14px; outline: 0; }}
QListWidget#nav::item {{ padding: 9px 10px; border-radius: 6px; color: #2b3440; }}
QListWidget#nav::item:selected {{ background: {accent}; color: white; }}
QListWidget#nav::item:hover:!selected {{ background: #e4e9f1; }}
QLabel#pageTitle {{ font-size: 22px; font-weight: 600; color: #1c2430; }}
QLabel#muted {{ color: #5b6573; }}
QLabel#emptyState {{ color: #4a5462; font-size: 15px; padding: 12px 60px; }}
QLabel#fieldError {{ color: #b3261e; }}
QLabel#notice {{ background: #eef4fb; border-radius: 6px; padding: 8px; color: #1c2430; }}
QLabel#warningBanner {{ background: #fff4e0; border: 1px solid #f0c36d; border-radius: 6px; padding: 8px;
                        color: #4a3500; }}
QLabel#step {{ padding: 6px 12px; border-radius: 14px; color: #5b6573; background: #eef1f5; }}
QLabel#step[state="current"] {{ background: {accent}; color: white; font-weight: 600; }}
QLabel#step[state="done"] {{ background: #dfe8f3; color: #1c2430; }}
QLabel#banner {{ border-radius: 6px; padding: 10px 14px; font-size: 15px; font-weight: 600; }}
QLabel#banner[tone="good"] {{ background: #e3f4e8; color: #15572c; border: 1px solid #9fd3ae; }}
QLabel#banner[tone="bad"] {{ background: #fbe5e3; color: #8a1c14; border: 1px solid #eba49d; }}
QLabel#banner[tone="neutral"] {{ background: #eef1f5; color: #2b3440; border: 1px solid #cfd6df; }}
QPushButton {{ padding: 6px 14px; }}
QPushButton#primary {{ background: {accent}; color: white; border: 1px solid {accent}; border-radius: 5px;
                       padding: 6px 16px; font-weight: 600; }}
QPushButton#primary:disabled {{ background: #9fb3cc; border-color: #9fb3cc; }}
QTableView {{ selection-background-color: {accent}; gridline-color: #e6e9ee; }}
QHeaderView::section {{ padding: 6px; font-weight: 600; }}
"""


def apply_style(app: QApplication, accent: str = "#1f5fa8") -> None:
    if app.style().name().lower() not in ("windowsvista", "macos", "windows11"):
        app.setStyle("Fusion")
    app.setStyleSheet(stylesheet(accent))
