import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// The execution graph, on demand (G, or "why not?" under a greyed store), over the lab. It is not
// modal: stepping goes on under it and the graph follows; Escape or G closes it.
Popup {
    id: root

    required property Session session

    objectName: "graphPanel"
    modal: false
    focus: false
    closePolicy: Popup.CloseOnEscape
    padding: Theme.padding
    onClosed: root.session.graph.clearExplanation()

    background: Rectangle {
        color: Theme.surface
        border.color: Theme.frame
        border.width: Theme.border
        radius: Theme.radius
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                text: qsTr("Execution graph")
                font.pixelSize: Theme.fontLarge
                font.bold: true
            }
            Item { Layout.fillWidth: true }
            TipButton {
                text: qsTr("Close")
                tip: qsTr("Close the execution graph (G or Escape)")
                onClicked: root.close()
            }
        }

        // The legend: each relation's colour and name.
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacingLarge
            Repeater {
                model: [
                    { kind: "po", text: qsTr("po: program order") },
                    { kind: "rf", text: qsTr("rf: read from") },
                    { kind: "co", text: qsTr("co: order of stores") },
                    { kind: "fr", text: qsTr("fr: read before") },
                    { kind: "carried", text: qsTr("carried: a release's view") },
                    { kind: "cycle", text: qsTr("the cycle") }
                ]
                delegate: Label {
                    required property var modelData
                    text: "\u2192 " + modelData.text
                    font.pixelSize: Theme.fontSmall
                    color: modelData.kind === "cycle" ? Theme.relationCycle : Theme.relationColor(modelData.kind)
                }
            }
        }

        Rectangle {
            objectName: "graphExplanation"
            visible: root.session.graph.explaining
            Layout.fillWidth: true
            implicitHeight: explanation.implicitHeight + 2 * Theme.spacing
            color: Theme.dangerSurface
            border.color: Theme.relationCycle
            border.width: Theme.border
            radius: Theme.radiusSmall
            Label {
                id: explanation
                x: Theme.spacing
                y: Theme.spacing
                width: parent.width - 2 * Theme.spacing
                wrapMode: Text.Wrap
                text: root.session.graph.explanation
                color: Theme.dangerText
            }
        }
        Label {
            visible: !root.session.graph.explaining
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
            text: root.session.graph.nodes.length > 0
                  ? qsTr("Click \u2717 why not? under a greyed store to see the cycle that rules it out.")
                  : qsTr("This run has no weak locations: the graph is drawn under --memory lkmm, for the cells a scenario makes weak.")
        }

        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: graph.width
            contentHeight: graph.height
            ExecutionGraph {
                id: graph
                // Columns share the width, down to a readable minimum; narrower, it scrolls.
                width: Math.max(root.availableWidth - Theme.spacingLarge,
                                Theme.fontBase * 13 * root.session.graph.columns.length + 2 * Theme.padding)
                height: implicitHeight
                graph: root.session.graph
            }
        }
    }
}
