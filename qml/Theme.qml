pragma Singleton
import QtQuick

// Every colour, size and duration the window uses. Components read these tokens and never
// spell a colour or a pixel size themselves, so a theme, a palette, the zoom and "reduce motion"
// change the whole window at once. Main.qml owns the persisted settings and binds the four
// state properties below; everything else is derived from them.
QtObject {
    id: root

    // --- State, set by Main.qml from the persisted settings and presenter mode -------------
    property string themeName: "light"      // "light", "dark", "contrast"
    property string paletteName: "standard" // "standard", "okabeIto" (colour-blind safe)
    property real zoom: 1.0
    property bool reduceMotion: false
    // Tooltips on hover; off in presenter mode, where the pointer rests wherever the teacher
    // left it and a tooltip would cover what the class is looking at.
    property bool tipsOnHover: true

    readonly property real minZoom: 0.6
    readonly property real maxZoom: 3.0
    readonly property real zoomStep: 0.1

    readonly property bool dark: themeName !== "light"
    readonly property bool contrast: themeName === "contrast"
    readonly property bool okabeIto: paletteName === "okabeIto"

    // --- Sizes (all multiplied by zoom) ---------------------------------------------------
    // 16 px body text is readable from the back of a classroom on a projector at zoom 1.
    readonly property int fontBase: Math.round(16 * zoom)
    readonly property int fontSmall: Math.round(14 * zoom)
    readonly property int fontLarge: Math.round(19 * zoom)
    readonly property int fontTitle: Math.round(23 * zoom)
    readonly property int fontCode: Math.round(15 * zoom)
    readonly property int fontGlyph: Math.round(17 * zoom)
    readonly property string monoFamily: "DejaVu Sans Mono"

    readonly property int spacingTiny: Math.round(2 * zoom)
    readonly property int spacingSmall: Math.round(4 * zoom)
    readonly property int spacing: Math.round(8 * zoom)
    readonly property int spacingLarge: Math.round(14 * zoom)
    readonly property int padding: Math.round(10 * zoom)
    readonly property int radius: Math.round(6 * zoom)
    readonly property int radiusSmall: Math.round(3 * zoom)
    readonly property int hairline: Math.max(1, Math.round(zoom))
    readonly property int border: Math.max(1, Math.round((contrast ? 2 : 1) * zoom))
    readonly property int borderStrong: Math.max(2, Math.round((contrast ? 4 : 3) * zoom))
    readonly property int underline: Math.max(2, Math.round(2 * zoom))
    readonly property int fontTag: Math.round(12 * zoom)
    readonly property int tagBar: Math.max(2, Math.round(3 * zoom))

    readonly property int sidePanelWidth: Math.round(470 * zoom)
    readonly property int sidePanelMinWidth: Math.round(400 * zoom)
    readonly property int laneInfoWidth: Math.round(370 * zoom)
    readonly property int pickerWidth: Math.round(230 * zoom)
    readonly property int fieldWidth: Math.round(360 * zoom)
    readonly property int seedWidth: Math.round(150 * zoom)
    readonly property int sliderWidth: Math.round(160 * zoom)
    readonly property int switchPanelMaxHeight: Math.round(260 * zoom)
    readonly property int switchCellWidth: Math.round(520 * zoom)
    readonly property int bitCell: Math.round(16 * zoom)
    readonly property int bitCellMin: Math.max(6, Math.round(7 * zoom))
    readonly property int bitHeight: Math.round(26 * zoom)
    readonly property int bitGap: Math.round(6 * zoom)
    readonly property int timelineStep: Math.round(20 * zoom)
    readonly property int timelineRow: Math.round(26 * zoom)
    readonly property int timelineLabelWidth: Math.round(70 * zoom)
    readonly property int timelineRuler: Math.round(20 * zoom)
    readonly property int markSize: Math.round(12 * zoom)
    readonly property int arrowWidth: Math.max(2, Math.round(2 * zoom))
    readonly property int cursorWidth: Math.max(2, Math.round(3 * zoom))
    readonly property int rollDistance: Math.round(14 * zoom)
    readonly property int helpWidth: Math.round(640 * zoom)
    readonly property int lessonPanelWidth: Math.round(420 * zoom)
    readonly property int lessonPanelMinWidth: Math.round(320 * zoom)
    readonly property int libraryWidth: Math.round(620 * zoom)
    readonly property int libraryHeight: Math.round(640 * zoom)
    readonly property int progressHeight: Math.max(3, Math.round(5 * zoom))
    readonly property int captionMaxWidth: Math.round(1100 * zoom)
    readonly property int captionMaxHeight: Math.round(300 * zoom)
    // Presenter mode multiplies the window's zoom by this, for the back of the room.
    readonly property real presenterZoomFactor: 1.4

    // --- Durations (0 with reduce motion: values then simply change) -----------------------
    readonly property int durationFlash: reduceMotion ? 0 : 700
    readonly property int durationRoll: reduceMotion ? 0 : 220
    readonly property int durationState: reduceMotion ? 0 : 250
    readonly property int durationArrow: reduceMotion ? 0 : 350
    readonly property int durationScroll: reduceMotion ? 0 : 200
    readonly property int toolTipDelay: 600
    readonly property int toolTipTimeout: 8000

    // --- Colours ----------------------------------------------------------------------------
    readonly property color window: contrast ? "#000000" : dark ? "#1e2126" : "#f4f5f7"
    readonly property color surface: contrast ? "#000000" : dark ? "#272b31" : "#ffffff"
    readonly property color surfaceAlt: contrast ? "#101010" : dark ? "#2f343b" : "#eceef2"
    readonly property color control: contrast ? "#000000" : dark ? "#353b43" : "#e4e7ec"
    readonly property color text: contrast ? "#ffffff" : dark ? "#e8eaed" : "#1b1d21"
    readonly property color textMuted: contrast ? "#ffff00" : dark ? "#a9b0ba" : "#555b66"
    readonly property color textDisabled: contrast ? "#9a9a9a" : dark ? "#6d737c" : "#9aa0a8"
    readonly property color frame: contrast ? "#ffffff" : dark ? "#4a515b" : "#c4c9d1"
    readonly property color accent: contrast ? "#00ffff" : okabeIto ? "#0072B2" : dark ? "#6ea8fe" : "#1f5fbf"
    readonly property color accentText: contrast ? "#000000" : dark && !okabeIto ? "#0b1a33" : "#ffffff"
    readonly property color link: accent

    // The current source line and the characters of the operation within it.
    readonly property color codeBackground: contrast ? "#000000" : dark ? "#1a1d21" : "#f8f9fb"
    readonly property color codeText: text
    readonly property color lineNumber: textMuted
    readonly property color currentLine: contrast ? "#303000" : dark ? "#3a3f1f" : "#fff4c2"
    readonly property color opBox: contrast ? "#ffff00" : okabeIto ? "#E69F00" : dark ? "#f0c94a" : "#c98a00"
    // Variant switches in the source: the bar and tag beside a branch the run takes, and the
    // muted row standing for a branch it does not take.
    readonly property color switchTag: contrast ? "#00ffff" : okabeIto ? "#0072B2" : dark ? "#b39ddb" : "#5e35b1"
    readonly property color foldBackground: contrast ? "#141414" : dark ? "#24282e" : "#eef0f4"
    readonly property color foldText: textMuted

    // Something changed in the last step.
    readonly property color flash: contrast ? "#ffff00" : okabeIto ? "#F0E442" : dark ? "#8a7a1f" : "#ffe066"

    // The vm_refcnt word.
    readonly property color bitOff: contrast ? "#000000" : dark ? "#2b3036" : "#ffffff"
    readonly property color bitOn: contrast ? "#ffffff" : dark ? "#9fb3c8" : "#3d4a5c"
    readonly property color bitOnText: contrast ? "#000000" : dark ? "#101418" : "#ffffff"
    // A writer holding the vma is normal: its colour is not the danger red, which only a
    // violation gets.
    readonly property color writerBitOn: contrast ? "#ff00ff" : okabeIto ? "#0072B2" : dark ? "#b39ddb" : "#5e35b1"
    readonly property color writerBitText: "#ffffff"

    // Verdicts and warnings.
    readonly property color danger: contrast ? "#ff4040" : okabeIto ? "#D55E00" : dark ? "#ff6b6b" : "#c62828"
    readonly property color dangerSurface: contrast ? "#300000" : dark ? "#3d2222" : "#fdecea"
    readonly property color dangerText: contrast ? "#ffffff" : dark ? "#ffd7d7" : "#7f1010"
    readonly property color good: contrast ? "#00ff00" : okabeIto ? "#009E73" : dark ? "#66bb6a" : "#2e7d32"
    readonly property color goodSurface: contrast ? "#002000" : dark ? "#1e3320" : "#e8f5e9"

    // Thread states. The badge also carries a glyph and a word, so none is told by colour alone.
    readonly property color stateRunnable: contrast ? "#00ffff" : okabeIto ? "#0072B2" : dark ? "#64b5f6" : "#1565c0"
    readonly property color stateRunning: contrast ? "#00ff00" : okabeIto ? "#009E73" : dark ? "#81c784" : "#2e7d32"
    readonly property color stateSleeping: contrast ? "#ff80ff" : okabeIto ? "#CC79A7" : dark ? "#ce93d8" : "#7b1fa2"
    readonly property color stateBlocked: contrast ? "#ffb000" : okabeIto ? "#E69F00" : dark ? "#ffb74d" : "#e65100"
    // Spinning: running, so not asleep, but going nowhere (a spinlock, the allocator's retry).
    readonly property color stateSpinning: contrast ? "#ffff00" : okabeIto ? "#F0E442" : dark ? "#fff176" : "#9e7700"
    readonly property color stateDone: contrast ? "#c0c0c0" : okabeIto ? "#555555" : dark ? "#9e9e9e" : "#616161"
    readonly property color stateKilled: contrast ? "#ff4040" : okabeIto ? "#D55E00" : dark ? "#ef5350" : "#b71c1c"
    readonly property color rcu: contrast ? "#ffff00" : okabeIto ? "#56B4E9" : dark ? "#4dd0e1" : "#00838f"

    // The timeline.
    readonly property color timelineRowA: contrast ? "#000000" : dark ? "#24282e" : "#ffffff"
    readonly property color timelineRowB: contrast ? "#141414" : dark ? "#2a2f36" : "#f1f3f6"
    readonly property color mark: contrast ? "#ffffff" : okabeIto ? "#0072B2" : dark ? "#90caf9" : "#1f5fbf"
    readonly property color wake: contrast ? "#00ff00" : okabeIto ? "#009E73" : dark ? "#81c784" : "#2e7d32"
    readonly property color cursor: contrast ? "#ffff00" : okabeIto ? "#E69F00" : dark ? "#ffca28" : "#e65100"
    readonly property real aheadOpacity: 0.3

    readonly property color overlay: contrast ? "#e0000000" : "#a0000000"

    // The weak memory: stores a thread can no longer read, and the execution graph's relations
    // (herd7's names), each also told apart by its label, so colour is never the only message.
    readonly property real outOfReachOpacity: 0.45
    readonly property color relationPo: textMuted
    readonly property color relationRf: good
    readonly property color relationCo: accent
    readonly property color relationFr: stateBlocked
    readonly property color relationCarried: switchTag
    readonly property color relationCycle: danger
    function relationColor(kind) {
        switch (kind) {
        case "rf": return relationRf
        case "co": return relationCo
        case "fr": return relationFr
        case "carried": return relationCarried
        default: return relationPo
        }
    }

    // Colour of a thread state; the badge pairs it with stateGlyph and the state's name.
    function stateColor(state) {
        switch (state) {
        case "running": return stateRunning
        case "sleeping": return stateSleeping
        case "blocked": return stateBlocked
        case "spinning": return stateSpinning
        case "done": return stateDone
        case "killed": return stateKilled
        default: return stateRunnable
        }
    }

    // A shape per state, so the state reads without colour (and in a black-and-white print).
    function stateGlyph(state) {
        switch (state) {
        case "running": return "\u25B6"   // ▶ filled: it moved last
        case "sleeping": return "\u263E"  // ☾
        case "blocked": return "\u2298"   // ⊘
        case "spinning": return "\u21BB"  // ↻ round and round, never asleep
        case "done": return "\u2713"      // ✓
        case "killed": return "\u2715"    // ✕
        default: return "\u25B7"          // ▷ hollow: it may move
        }
    }

    // A faint fill of a token colour, for badges and highlighted rows.
    function tint(c, amount) {
        return Qt.rgba(c.r, c.g, c.b, amount === undefined ? (contrast ? 0.35 : 0.16) : amount)
    }
}
