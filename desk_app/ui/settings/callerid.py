"""The device page of the settings: which serial port, or which host and port, and how.

Serial adapters are listed with their USB ids because a shop PC renumbers them (ttyUSB0 today,
ttyUSB1 after a replug, COM3 → COM5 on Windows); binding by ``usb:VID:PID[:SERIAL]`` lets the
serial source find the same device again. The port field always shows exactly what will be
saved in ``callerid/port``, so an installer can also type a path that is not listed. The list
comes from the same function as ``desk-app callerid ports`` and is read off the GUI thread
(enumerating ports can take a second on Windows).
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.callerid.formats import FORMATS
from desk_app.config import CallerIdSettings

log = logging.getLogger(__name__)


def transport(kind: str) -> str:
    """serial | ncid | udp | tcp-listen for device formats; the kind itself otherwise."""
    fmt = FORMATS.get(kind)
    return fmt.transport if fmt else kind


def usb_spec(port: dict) -> str | None:
    if not port.get("vid_pid"):
        return None
    serial = port.get("serial_number")
    return f"usb:{port['vid_pid']}" + (f":{serial}" if serial else "")


class DevicePage(QWidget):
    def __init__(self, tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.ports: list[dict] = []
        self.kind = ""
        self.closed = False
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setProperty("role", "muted")

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Device"), self.tr("Description"),
                                              self.tr("USB ID (VID:PID)"), self.tr("Serial no.")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(150)  # four rows; the port and modem rows stay in view
        self.table.itemSelectionChanged.connect(self._row_chosen)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.port = QLineEdit()
        self.port.setPlaceholderText(self.tr("e.g. /dev/ttyUSB0, COM3 or usb:0572:1340"))
        self.by_usb = QCheckBox(self.tr("Find by USB ID (survives renumbering)"))
        self.by_usb.setToolTip(self.tr("Save the adapter's USB ID instead of its port name, so "
                                       "the desk finds it again after it is plugged into "
                                       "another socket."))
        self.by_usb.toggled.connect(lambda _on: self._row_chosen())
        self.profile = QComboBox()
        self.profile.addItem(self.tr("Standard"), "generic")
        self.profile.addItem(self.tr("Japan (AT+GCI=00, AT+VCDT=3)"), "japan")

        self.serial_box = QGroupBox(self.tr("Serial port"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Ports on this PC")))
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        form = QFormLayout()
        form.addRow(self.tr("Port"), self.port)
        form.addRow("", self.by_usb)
        self.profile_label = QLabel(self.tr("Modem settings"))
        form.addRow(self.profile_label, self.profile)
        serial = QVBoxLayout(self.serial_box)
        serial.addLayout(top)
        serial.addWidget(self.table)
        serial.addLayout(form)

        self.net_box = QGroupBox(self.tr("Network"))
        self.host = QLineEdit()
        self.net_port = QSpinBox()
        self.net_port.setRange(1, 65535)
        self.host_label = QLabel()
        net = QFormLayout(self.net_box)
        net.addRow(self.host_label, self.host)
        net.addRow(self.tr("Port"), self.net_port)

        layout = QVBoxLayout(self)
        layout.addWidget(self.help)
        layout.addWidget(self.serial_box)
        layout.addWidget(self.net_box)
        layout.addStretch(1)

    # -- kind --------------------------------------------------------------------------
    def set_kind(self, kind: str) -> None:
        previous, self.kind = transport(self.kind), kind
        way = transport(kind)
        self.serial_box.setVisible(way == "serial")
        self.net_box.setVisible(way in ("ncid", "udp", "tcp-listen"))
        self.profile.setVisible(kind == "modem")
        self.profile_label.setVisible(kind == "modem")
        if way == "ncid":
            self.host_label.setText(self.tr("NCID server"))
            self.host.setPlaceholderText("127.0.0.1")
        else:
            self.host_label.setText(self.tr("Listen on"))
            self.host.setPlaceholderText(self.tr("0.0.0.0 (every network)"))
        fmt = FORMATS.get(kind)
        if fmt and fmt.default_port and way != previous:
            self.net_port.setValue(fmt.default_port)
        self.help.setText({
            "modem": self.tr("A modem with caller ID (NMBR = …) on a serial or USB port."),
            "aloha": self.tr("A Number Display adapter of the ALOHA USB kind (9600 bit/s, 7E1)."),
            "tci": self.tr("A Whozz Calling unit in TCI mode on a serial port."),
            "netcallerid": self.tr("A NetCallerID box on a serial port (4800 bit/s)."),
            "ncid": self.tr("An NCID server that shares one modem with several desks."),
            "whozz": self.tr("A Whozz Calling Ethernet Link; it sends each call over UDP."),
            "yac": self.tr("A YAC server; it connects to this PC for each call."),
            "sip": self.tr("The desk registers as an extension of the router or PBX: see the "
                           "SIP tab."),
            "demo": self.tr("Simulated calls with numbers from the customer list, for practice."),
            "": self.tr("No caller ID: search and notes work, calls do not pop up."),
        }.get(kind, ""))

    # -- ports -------------------------------------------------------------------------
    def refresh(self) -> None:
        """List the ports again, off the GUI thread."""
        from desk_app.callerid import serial_source

        self.refresh_button.setEnabled(False)

        def work(_job) -> list[dict]:
            try:
                return serial_source.list_ports()
            except Exception as exc:  # noqa: BLE001 - shown instead of the list
                log.warning("listing serial ports failed: %s", exc)
                return []

        self.tasks.start(work, self._listed, name="list serial ports")

    def _listed(self, ports: list[dict]) -> None:
        if not self.closed:
            self.set_ports(ports)
            self.refresh_button.setEnabled(True)

    def set_ports(self, ports: list[dict]) -> None:
        wanted = self.port.text().strip()
        self.ports = list(ports)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.ports))
        for row, port in enumerate(self.ports):
            cells = (port["device"], port.get("description") or "", port.get("vid_pid") or "",
                     port.get("serial_number") or "")
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
            if wanted and wanted in (port["device"], usb_spec(port)):
                self.table.selectRow(row)
                self.by_usb.setEnabled(usb_spec(port) is not None)
        self.table.blockSignals(False)

    def _row_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        port = self.ports[rows[0].row()]
        spec = usb_spec(port)
        self.by_usb.setEnabled(spec is not None)
        self.port.setText(spec if spec and self.by_usb.isChecked() else port["device"])

    # -- settings ----------------------------------------------------------------------
    def load(self, settings: CallerIdSettings) -> None:
        port = settings.port
        self.profile.setCurrentIndex(max(0, self.profile.findData(
            settings.profile or "generic")))
        if transport(self.kind) == "serial":
            self.port.setText(port)
            self.by_usb.setChecked(port.startswith("usb:"))
        elif port.isascii() and port.isdigit():
            self.net_port.setValue(int(port))
        self.host.setText(settings.host)

    def value(self, kind: str) -> CallerIdSettings:
        """The ``[callerid]`` settings for *kind*; ValueError (shown to the user) when
        incomplete."""
        way = transport(kind)
        if way == "serial":
            port = self.port.text().strip()
            if not port:
                raise ValueError(self.tr("Choose the serial port the device is plugged into."))
            return CallerIdSettings(source=kind, port=port,
                                    profile=self.profile.currentData() if kind == "modem" else "")
        if way in ("ncid", "udp", "tcp-listen"):
            return CallerIdSettings(source=kind, port=str(self.net_port.value()),
                                    host=self.host.text().strip())
        return CallerIdSettings(source=kind)
