import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// The variant's switches: each one is a single kernel change (a recheck, a wake condition, a
// limit), so a student can flip one and watch what breaks. A switch that differs from the
// variant says so in words.
Pane {
    id: root

    required property Session session

    padding: Theme.spacing
    background: Rectangle {
        color: Theme.surface
        border.color: Theme.frame
        border.width: Theme.border
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth
        clip: true

        GridLayout {
            width: scroll.availableWidth
            columns: Math.max(1, Math.floor(scroll.availableWidth / Theme.switchCellWidth))
            columnSpacing: Theme.spacingLarge
            rowSpacing: Theme.spacingTiny

            Label {
                visible: !root.session.variantHasSwitches
                Layout.columnSpan: parent.columns
                text: qsTr("The rw_semaphore variant is a different implementation: it has no switches.")
                color: Theme.textMuted
            }

            Repeater {
                model: root.session.switches
                delegate: RowLayout {
                    id: entry
                    required property string name
                    required property string summary
                    required property bool on
                    required property bool modified

                    Layout.fillWidth: true
                    Layout.preferredWidth: Theme.switchCellWidth
                    spacing: Theme.spacingSmall

                    Switch {
                        objectName: "switch_" + entry.name
                        checked: entry.on
                        onToggled: root.session.setSwitch(entry.name, checked)
                        ToolTip.visible: Theme.tipsOnHover && hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.text: entry.summary
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        RowLayout {
                            spacing: Theme.spacingSmall
                            Label {
                                text: entry.name
                                font.family: Theme.monoFamily
                                font.bold: true
                            }
                            Pill {
                                visible: entry.modified
                                text: qsTr("changed from the variant")
                                glyph: "\u270E"
                                tone: Theme.accent
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            text: entry.summary
                            textFormat: Text.PlainText
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            elide: Text.ElideRight
                            maximumLineCount: 1
                            ToolTip.visible: Theme.tipsOnHover && summaryHover.hovered && truncated
                            ToolTip.text: entry.summary
                            ToolTip.delay: Theme.toolTipDelay
                            HoverHandler { id: summaryHover }
                        }
                    }
                }
            }
        }
    }
}
