import QtQuick
import QtQuick.Controls
import Lockstep

// One simulated thread: who it is, its state, where it is in the algorithm and what it waits
// for, with a Step button that advances it by one atomic operation.
Rectangle {
    id: root

    required property int laneIndex
    required property string name
    required property string threadState
    required property string stateText
    required property bool canRun
    required property bool inRcu
    required property string stackText
    required property string nextOp
    required property string waitingFor
    required property var locksHeld
    required property bool involved
    required property var sourceLines
    // The task as the kernel sees it (runs that track the OOM story's task flags).
    property bool taskFlags: false
    property string kernelState: "R"
    property string kernelStateText: ""
    property bool signalPending: false
    property bool memdie: false
    // Under a weak memory model: how many outcomes the next operation has, "r" or "w".
    property int outcomes: 1
    property string outcomeKind: ""

    // A lesson points at this thread: an accent frame around the lane.
    property bool emphasized: false
    // How much the lane shows, so that eight threads stay readable: "full" (the thread's
    // details beside as much source as the lane's height allows), "compact" (one line of
    // details, a few lines of source) or "line" (one line, no source: every lane on screen).
    property string density: "full"
    readonly property bool compact: density === "compact"
    readonly property bool oneLine: density === "line"

    signal stepRequested()

    readonly property color stateColor: Theme.stateColor(threadState)
    readonly property bool finished: threadState === "done" || threadState === "killed"
    // Lanes 1 to 9 have a key of their own.
    readonly property string key: laneIndex < 9 ? String(laneIndex + 1) : ""

    // Positioners and bindings rather than layouts: the wrapped text and the source view take
    // their sizes from the lane in one pass (layouts here re-polished in a loop on zoom).
    readonly property real infoWidth: oneLine ? width - 2 * Theme.padding - Theme.spacingSmall
                                              : Math.min(Theme.laneInfoWidth, (width - 2 * Theme.padding) * 0.45)
    readonly property real lanePadding: density === "full" ? Theme.padding : oneLine ? Theme.spacingTiny : Theme.spacingSmall
    implicitHeight: info.implicitHeight + 2 * lanePadding

    radius: Theme.radius
    color: Theme.tint(stateColor, Theme.contrast ? 0.2 : 0.08)
    border.color: involved ? Theme.danger : Theme.frame
    border.width: involved ? Theme.borderStrong : Theme.border

    Behavior on color { ColorAnimation { duration: Theme.durationState } }

    // The state's colour as a stripe down the left edge.
    Rectangle {
        x: root.border.width
        y: root.border.width
        width: Theme.spacingSmall
        height: parent.height - 2 * root.border.width
        radius: Theme.radiusSmall
        color: root.stateColor
        Behavior on color { ColorAnimation { duration: Theme.durationState } }
    }

    Column {
        id: info
        x: Theme.padding + Theme.spacingSmall
        y: root.lanePadding
        width: root.infoWidth
        spacing: Theme.spacingSmall

        // The Step button sits at the right; the name and badges wrap beside it in a narrow
        // lane (a one-line lane keeps them on its line and says what comes next after them).
        // When too little is left beside the button for a state badge, the button goes below.
        Item {
            id: headerLine
            readonly property bool stacked: !root.oneLine && width - stepButton.width - Theme.spacing < Theme.fontBase * 9
            width: parent.width
            height: stacked ? header.height + Theme.spacingSmall + stepButton.height
                            : Math.max(header.height, stepButton.height)

            Flow {
                id: header
                y: headerLine.stacked ? 0 : (headerLine.height - height) / 2
                width: root.oneLine ? headerLine.width * 0.45
                       : headerLine.stacked ? headerLine.width : headerLine.width - stepButton.width - Theme.spacing
                spacing: Theme.spacing
                Label {
                    text: root.name
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    opacity: root.finished ? 0.7 : 1
                }
                StateBadge {
                    objectName: "laneState_" + root.laneIndex
                    threadState: root.threadState
                    ToolTip.visible: Theme.tipsOnHover && badgeHover.hovered
                    ToolTip.text: root.stateText
                    ToolTip.delay: Theme.toolTipDelay
                    HoverHandler { id: badgeHover }
                }
                Rectangle {
                    objectName: "laneRcu_" + root.laneIndex
                    visible: root.inRcu
                    width: rcuLabel.implicitWidth + 2 * Theme.spacing
                    height: rcuLabel.implicitHeight + Theme.spacingSmall
                    radius: Theme.radiusSmall
                    color: Theme.tint(Theme.rcu)
                    border.color: Theme.rcu
                    border.width: Theme.border
                    Label {
                        id: rcuLabel
                        anchors.centerIn: parent
                        text: "\u25C8 " + qsTr("in RCU")
                        font.pixelSize: Theme.fontSmall
                        font.bold: true
                    }
                    ToolTip.visible: Theme.tipsOnHover && rcuHover.hovered
                    ToolTip.text: qsTr("Inside rcu_read_lock(): what it reads cannot be freed until it leaves")
                    ToolTip.delay: Theme.toolTipDelay
                    HoverHandler { id: rcuHover }
                }
            }
            // One-line lanes say what comes next beside the name, in the room the button leaves.
            Label {
                objectName: "laneNextInline_" + root.laneIndex
                visible: root.oneLine && text !== ""
                x: header.x + header.childrenRect.width + Theme.spacing
                width: Math.max(0, stepButton.x - x - Theme.spacing)
                anchors.verticalCenter: parent.verticalCenter
                text: waiting.text + (root.locksHeld.length > 0 ? "  ·  " + qsTr("holds: %1").arg(root.locksHeld.join(", ")) : "")
                textFormat: Text.PlainText
                font.family: waiting.font.family
                font.pixelSize: Theme.fontSmall
                font.italic: !root.canRun
                elide: Text.ElideRight
            }
            TipButton {
                id: stepButton
                x: headerLine.stacked ? 0 : headerLine.width - width
                y: headerLine.stacked ? header.height + Theme.spacingSmall : (headerLine.height - height) / 2
                objectName: "stepButton_" + root.laneIndex
                // One-line lanes pack tighter: a smaller button sets their height.
                font.pixelSize: root.oneLine ? Theme.fontSmall : Theme.fontBase
                topPadding: root.oneLine ? Theme.spacingTiny : undefined
                bottomPadding: root.oneLine ? Theme.spacingTiny : undefined
                text: root.key !== "" ? qsTr("Step %1").arg(root.key) : qsTr("Step")
                enabled: root.canRun
                highlighted: root.canRun
                tip: !root.canRun ? qsTr("%1 cannot run now").arg(root.name)
                     : (root.key !== "" ? qsTr("Advance %1 by one operation (key %2)").arg(root.name).arg(root.key)
                                        : qsTr("Advance %1 by one operation").arg(root.name))
                       + (root.outcomes > 1
                          ? "\n" + (root.outcomeKind === "w"
                                    ? qsTr("Its store may land in %1 places; this button puts it at the end, the store strip offers the others.")
                                    : qsTr("Its load may read %1 stores; this button reads the newest, the store strip offers the others."))
                                   .arg(root.outcomes)
                          : "")
                onClicked: root.stepRequested()
            }
        }

        // ps's letter and its words, a pending SIGKILL and the OOM killer's mark: what decides
        // whether a killed task can get out (a D sleep ignores the signal).
        Flow {
            objectName: "laneTask_" + root.laneIndex
            visible: root.taskFlags && !root.oneLine
            width: parent.width
            spacing: Theme.spacingSmall
            Pill {
                objectName: "laneKernelState_" + root.laneIndex
                // Its words wrap in a narrow lane rather than running into the code.
                width: Math.min(implicitWidth, parent.width)
                text: root.kernelStateText
                tone: root.kernelState === "D" ? Theme.stateBlocked
                      : root.kernelState === "S" ? Theme.stateSleeping
                      : root.kernelState === "X" ? Theme.stateDone : Theme.stateRunnable
                strong: root.kernelState === "D" && root.signalPending
                ToolTip.visible: Theme.tipsOnHover && kernelHover.hovered
                ToolTip.text: qsTr("The task's state as ps shows it. R: running or runnable (spinning too); S: asleep, a signal wakes it; D: asleep, only its own wake-up wakes it")
                ToolTip.delay: Theme.toolTipDelay
                HoverHandler { id: kernelHover }
            }
            Pill {
                objectName: "laneSigkill_" + root.laneIndex
                // Its words wrap in a narrow lane rather than running into the code.
                width: Math.min(implicitWidth, parent.width)
                visible: root.signalPending
                text: qsTr("SIGKILL pending")
                glyph: "\u2620"
                tone: Theme.danger
            }
            Pill {
                objectName: "laneMemdie_" + root.laneIndex
                // Its words wrap in a narrow lane rather than running into the code.
                width: Math.min(implicitWidth, parent.width)
                visible: root.memdie
                text: "TIF_MEMDIE"
                glyph: "\u2691"
                tone: Theme.danger
                strong: true
                ToolTip.visible: Theme.tipsOnHover && memdieHover.hovered
                ToolTip.text: qsTr("The OOM killer's victim: it must exit for memory to come back")
                ToolTip.delay: Theme.toolTipDelay
                HoverHandler { id: memdieHover }
            }
        }

        Label {
            id: waiting
            objectName: "laneWaiting_" + root.laneIndex
            width: parent.width
            text: root.canRun
                  ? qsTr("next: %1").arg(root.nextOp)
                  : root.waitingFor !== "" ? "\u25F7 " + root.waitingFor
                  : root.stateText !== root.threadState ? root.stateText : ""
            textFormat: Text.PlainText
            font.family: root.canRun ? Theme.monoFamily : Qt.application.font.family
            font.pixelSize: Theme.fontSmall
            font.italic: !root.canRun
            wrapMode: Text.Wrap
            // What a thread waits for ("until vm_refcnt == OFFSET+1") is the point of many
            // lessons: two lines unless the lane is one line.
            maximumLineCount: 2
            elide: Text.ElideRight
            visible: text !== "" && !root.oneLine
        }
        Label {
            width: parent.width
            visible: text !== "" && root.density === "full"
            text: root.stackText
            textFormat: Text.PlainText
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            elide: Text.ElideLeft
        }
        Label {
            width: parent.width
            visible: root.locksHeld.length > 0 && !root.oneLine
            text: qsTr("holds: %1").arg(root.locksHeld.join(", "))
            textFormat: Text.PlainText
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            elide: Text.ElideRight
        }
        // Under a weak memory model: the Step button takes the newest store, the strip the others.
        Label {
            objectName: "laneOutcomes_" + root.laneIndex
            width: parent.width
            visible: root.outcomes > 1 && !root.oneLine && root.canRun
            text: root.outcomeKind === "w" ? qsTr("%1 places to store: pick one in the store strip").arg(root.outcomes)
                                           : qsTr("%1 stores to read: pick one in the store strip").arg(root.outcomes)
            color: Theme.accent
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }
        Label {
            width: parent.width
            visible: root.involved && root.density === "full"
            text: "\u26A0 " + qsTr("named in the verdict")
            color: Theme.danger
            font.bold: true
            font.pixelSize: Theme.fontSmall
        }
    }

    SourceView {
        objectName: "laneSource_" + root.laneIndex
        visible: !root.oneLine
        x: info.x + info.width + Theme.spacing
        y: root.lanePadding
        width: root.width - x - Theme.padding
        height: root.height - 2 * root.lanePadding
        lines: root.sourceLines
    }

    Rectangle {
        objectName: "laneEmphasis_" + root.laneIndex
        visible: root.emphasized
        anchors.fill: parent
        radius: root.radius
        color: Theme.tint(Theme.accent, 0)
        border.color: Theme.accent
        border.width: Theme.borderStrong
    }
}
