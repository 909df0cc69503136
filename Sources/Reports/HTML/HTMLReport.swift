import Foundation
import Mustache

/// Renders a ``ReportDocument`` as one self-contained HTML5 page.
///
/// The page:
/// - references nothing outside itself (no scripts, fonts, images or style sheets; the CSS is inlined
///   and the charts are inline SVG), so it opens from disk and can be mailed as one file; the only
///   links are relative ones to the CSV files beside it;
/// - is also well-formed XML (every element closed, attributes quoted, text escaped), so tools and
///   tests can parse it with an XML parser;
/// - is deterministic: the same document gives the same bytes (no dates, locale or randomness;
///   numbers are formatted by ``NumberText``);
/// - is made for a projector (large type, high contrast, the Okabe–Ito colour-blind-safe palette,
///   dash patterns besides colours) and for print (`@media print`: no backgrounds, each section on a
///   new page, charts not split).
///
/// Sections, each left out when its data are empty: title, summary, parameters and CSV files;
/// policy table (mean ± 95% half-width, best mean per column marked ★); paired comparison with the
/// baseline; charts (KPI bars with CI whiskers, stacked cost breakdown, service vs stock scatter,
/// stock trajectories, forecasts, learning curve). Every chart mark carries its exact value in
/// `data-*` attributes (see ``BarChart``, ``StackedBarChart``, ``ScatterChart``, ``LineChart``).
///
/// Templates (`report.mustache` and partials) and `report.css` are resources of this module.
public enum HTMLReport {
    /// Renders the page.
    /// - Parameter document: the report data.
    /// - Returns: the HTML text (UTF-8 when written).
    /// - Throws: ``ReportError`` when the templates cannot be loaded (missing resource bundle).
    public static func render(_ document: ReportDocument) throws -> String {
        try render(template: "report") { css in ReportView(document, css: css) }
    }

    /// Renders a page template with a view built around the style sheet.
    /// - Parameters:
    ///   - template: the template's name (its file name without `.mustache`).
    ///   - view: makes the view from the CSS text.
    /// - Returns: the HTML text.
    /// - Throws: ``ReportError`` when the templates cannot be loaded or the template is missing.
    static func render(template: String, view: (_ css: String) -> ReportView) throws -> String {
        let templates = try templates.get()
        guard let html = templates.library.render(view(templates.css), withTemplate: template) else {
            throw ReportError("HTML report: template '\(template)' is missing from the resources")
        }
        return html
    }

    /// The parsed templates and the style sheet, loaded once.
    struct Templates: Sendable {
        var library: MustacheLibrary
        var css: String
    }

    static let templates: Result<Templates, ReportError> = loadTemplates()

    /// Registers every template of ``EmbeddedTemplates`` (in name order) and reads the style sheet.
    static func loadTemplates() -> Result<Templates, ReportError> {
        var library = MustacheLibrary()
        for (name, text) in EmbeddedTemplates.mustache.sorted(by: { $0.name < $1.name }) {
            do {
                try library.register(text, named: name)
            } catch {
                return .failure(ReportError("HTML report: cannot parse template \(name): \(error)"))
            }
        }
        let css = EmbeddedTemplates.css
        // The style sheet goes into <style> unescaped: it must stay valid XML text.
        guard !css.contains("<"), !css.contains("&") else {
            return .failure(ReportError("HTML report: report.css must not contain '<' or '&'"))
        }
        return .success(Templates(library: library, css: css.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
