import QtQuick
import QtQuick.Controls
import QtQuick.Window
import QtQuick.Layouts
import Lockstep

// What runs: the scenario (which threads do what), the variant (which version of the kernel
// code), the counter's width, and the variant's switches in a panel that folds away.
// Any change starts a new run; the Session does that.
Pane {
    id: root

    required property Session session
    property bool switchesOpen: false

    padding: Theme.spacing
    background: Rectangle { color: Theme.surfaceAlt }

    function htmlEscaped(s) {
        return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    }
    function countModified() {
        let n = 0
        const m = root.session.switches
        for (let i = 0; i < m.rowCount(); ++i)
            if (m.data(m.index(i, 0), SwitchModel.ModifiedRole))
                ++n
        return n
    }
    property int modifiedSwitches: 0
    Connections {
        target: root.session.switches
        function onDataChanged() { root.modifiedSwitches = root.countModified() }
        function onModelReset() { root.modifiedSwitches = root.countModified() }
    }
    Component.onCompleted: modifiedSwitches = countModified()

    // What runs, as a row of choices that wraps when the window is narrow or the zoom large,
    // and under it the scenario and variant in words (two lines at most; the tooltip has it all).
    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingSmall

        Flow {
            id: choices
            objectName: "runChoices"
            Layout.fillWidth: true
            spacing: Theme.spacing

            Row {
                spacing: Theme.spacing
                Label {
                    anchors.verticalCenter: parent.verticalCenter
                    text: qsTr("Scenario")
                    font.bold: true
                }
                ComboBox {
                    id: scenarioPicker
                    objectName: "scenarioPicker"
                    width: Math.min(Theme.pickerWidth, choices.width * 0.6)
                    // Fusion's ComboBox keeps its 24 px height whatever the font; follow the zoom.
                    height: Math.max(implicitHeight, Theme.fontBase * 2)
                    model: root.session.scenarios
                    currentIndex: root.session.scenarios.indexOf(root.session.scenario)
                    onActivated: index => root.session.scenario = root.session.scenarios[index]
                    ToolTip.visible: Theme.tipsOnHover && hovered && !popup.visible
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("Which threads run which kernel paths; choosing one starts a new run")
                }
            }
            Row {
                spacing: Theme.spacing
                Label {
                    anchors.verticalCenter: parent.verticalCenter
                    text: qsTr("Variant")
                    font.bold: true
                }
                ComboBox {
                    id: variantPicker
                    objectName: "variantPicker"
                    width: Math.min(Theme.pickerWidth, choices.width * 0.6)
                    height: Math.max(implicitHeight, Theme.fontBase * 2)
                    model: root.session.variants
                    currentIndex: root.session.variants.indexOf(root.session.variant)
                    onActivated: index => root.session.variant = root.session.variants[index]
                    ToolTip.visible: Theme.tipsOnHover && hovered && !popup.visible
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("Which version of the lock: the merged code, a patch revision, a reviewer's proposal, or one broken on purpose")
                }
            }
            // The cast: how many readers, and how many times each thread repeats its work.
            Row {
                visible: root.session.readersAdjustable
                spacing: Theme.spacing
                Label {
                    anchors.verticalCenter: parent.verticalCenter
                    text: qsTr("readers")
                }
                SpinBox {
                    objectName: "readersBox"
                    width: Theme.fontBase * 6
                    height: Math.max(implicitHeight, Theme.fontBase * 2)
                    from: 1
                    to: 16
                    editable: true
                    value: root.session.readers
                    onValueModified: root.session.readers = value
                    ToolTip.visible: Theme.tipsOnHover && hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("How many reader threads R1..Rn run")
                }
            }
            Row {
                visible: root.session.roundsAdjustable
                spacing: Theme.spacing
                Label {
                    anchors.verticalCenter: parent.verticalCenter
                    text: qsTr("rounds")
                }
                SpinBox {
                    objectName: "roundsBox"
                    width: Theme.fontBase * 6
                    height: Math.max(implicitHeight, Theme.fontBase * 2)
                    from: 1
                    to: 100000
                    editable: true
                    value: root.session.rounds
                    onValueModified: root.session.rounds = value
                    ToolTip.visible: Theme.tipsOnHover && hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("How many times each thread repeats its work")
                }
            }
            Switch {
                objectName: "scaledSwitch"
                // Only a run with a refcount word has a counter to scale (binder has none).
                visible: root.session.lockOffsetText !== ""
                text: qsTr("scaled counter")
                checked: root.session.scaled
                onToggled: root.session.scaled = checked
                ToolTip.visible: Theme.tipsOnHover && hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.text: qsTr("A 5-bit vm_refcnt with VMA_LOCK_OFFSET = 8, so overflow and saturation take a few steps; off: the real 32-bit word. Now: %1").arg(root.session.lockOffsetText)
            }
            TipButton {
                objectName: "switchesButton"
                checkable: true
                checked: root.switchesOpen
                enabled: root.session.variantHasSwitches
                text: (root.switchesOpen ? "\u25BE " : "\u25B8 ")
                      + (root.modifiedSwitches > 0 ? qsTr("Switches (%1 changed)").arg(root.modifiedSwitches)
                                                   : qsTr("Switches"))
                tip: qsTr("Show or hide the variant's switches, one kernel change each (S)")
                onToggled: root.switchesOpen = checked
            }
        }

        Label {
            id: described
            objectName: "runDescription"
            Layout.fillWidth: true
            // On a short window at a large zoom the lanes need the room more: the words stay in
            // the pickers' tooltips and the lesson.
            visible: Window.height <= 0 || Window.height / Theme.zoom >= 560
            readonly property string whole: "<b>" + root.htmlEscaped(root.session.scenarioTitle) + "</b> \u2014 "
                                            + root.htmlEscaped(root.session.scenarioSummary)
                                            + " <i>" + qsTr("Variant %1:").arg(root.htmlEscaped(root.session.variant)) + "</i> "
                                            + root.htmlEscaped(root.session.variantSummary)
            text: whole
            textFormat: Text.StyledText
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
            ToolTip.visible: Theme.tipsOnHover && describedHover.hovered && truncated
            ToolTip.text: whole
            ToolTip.delay: Theme.toolTipDelay
            ToolTip.timeout: Theme.toolTipTimeout
            HoverHandler { id: describedHover }
        }

        SwitchPanel {
            visible: root.switchesOpen && root.session.variantHasSwitches
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(implicitHeight, Theme.switchPanelMaxHeight)
            session: root.session
        }
    }
}
