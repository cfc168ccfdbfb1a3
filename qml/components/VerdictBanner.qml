import QtQuick
import QtQuick.Controls
import Lockstep

// The first violation so far, in plain words, with the step where it happened.
// Positioners and bindings, not layouts: the wrapped text's height follows the banner's width
// in one pass (a layout here re-polished itself in a loop when the zoom changed).
Rectangle {
    id: root

    required property Session session
    // The most it may take of the lanes' pane: longer words (a deadlock's cycle, at a large zoom)
    // scroll inside it, so the lanes keep their room.
    property real maximumHeight: Number.POSITIVE_INFINITY

    visible: session.hasViolation
    readonly property real fullHeight: Math.max(text.implicitHeight, goButton.implicitHeight, glyph.implicitHeight) + 2 * Theme.padding
    implicitHeight: visible ? Math.min(fullHeight, Math.max(maximumHeight, goButton.implicitHeight + 2 * Theme.padding)) : 0
    radius: Theme.radius
    color: Theme.dangerSurface
    border.color: Theme.danger
    border.width: Theme.borderStrong

    // Draw the eye when a verdict appears (with reduce motion it is simply there).
    onVisibleChanged: if (visible) appear.restart()
    NumberAnimation {
        id: appear
        target: root
        property: "opacity"
        from: 0.2
        to: 1
        duration: Theme.durationFlash
    }

    Label {
        id: glyph
        x: Theme.padding
        y: Theme.padding
        text: "\u26A0"
        font.pixelSize: Theme.fontTitle * 1.5
        color: Theme.danger
    }

    Flickable {
        id: words
        objectName: "verdictWords"
        x: glyph.x + glyph.width + Theme.spacingLarge
        y: Theme.padding
        width: goButton.x - x - Theme.spacingLarge
        height: root.height - 2 * Theme.padding
        contentWidth: width
        contentHeight: text.implicitHeight
        interactive: contentHeight > height
        clip: contentHeight > height
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

    Column {
        id: text
        width: words.width
        spacing: Theme.spacingSmall

        Label {
            width: parent.width
            // A litmus test's "verdict" is the outcome its condition asks about, reached.
            text: (root.session.scenario === "litmus" ? qsTr("Outcome reached: %1 at step %2")
                                                      : qsTr("Violation: %1 at step %2"))
                  .arg(root.session.verdictInvariant).arg(root.session.verdictStep)
            font.pixelSize: Theme.fontLarge
            font.bold: true
            color: Theme.dangerText
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "verdictText"
            width: parent.width
            text: root.session.verdictText
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.dangerText
        }
        Label {
            width: parent.width
            visible: root.session.verdictCycle !== "" && root.session.cycleNodes.length < 2
            text: qsTr("Wait-for cycle: %1").arg(root.session.verdictCycle)
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            font.bold: true
            color: Theme.dangerText
        }
        // The cycle as a graph: threads, the locks between them, and what each waits for.
        Flickable {
            width: parent.width
            height: cycleGraph.implicitHeight
            // From the data, not from cycleGraph.visible: a child of a hidden item reads as
            // hidden, so that binding would keep the graph hidden for good once it started so.
            visible: root.session.cycleNodes.length > 1
            contentWidth: cycleGraph.implicitWidth
            contentHeight: cycleGraph.implicitHeight
            clip: contentWidth > width
            interactive: contentWidth > width
            boundsBehavior: Flickable.StopAtBounds
            CycleGraph {
                id: cycleGraph
                objectName: "cycleGraph"
                width: implicitWidth
                height: implicitHeight
                nodes: root.session.cycleNodes
                edges: root.session.cycleEdges
                availableWidth: text.width
            }
        }
    }
    }

    TipButton {
        id: goButton
        objectName: "verdictGoButton"
        x: root.width - width - Theme.padding
        anchors.verticalCenter: parent.verticalCenter
        text: qsTr("Go to step %1").arg(root.session.verdictStep)
        enabled: root.session.step !== root.session.verdictStep
        tip: qsTr("Show the state right after the step that broke it (key V)")
        onClicked: root.session.goTo(root.session.verdictStep)
    }
}
