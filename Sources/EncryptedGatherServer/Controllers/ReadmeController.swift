import EncryptedGather
import Foundation
import Hummingbird
import Ink
import NIOCore

/// `GET /readme`: the README as HTML, so the index page can link its sections. Rendered once at
/// start-up; a missing README simply leaves the route answering 404.
public struct ReadmeController: Sendable {
    private let html: String?

    /// Renders the Markdown file at `path`, or the README built into the binary.
    public init(path: String) {
        guard let markdown = (try? String(contentsOfFile: path, encoding: .utf8)) ?? EmbeddedAssets.files["README.md"] else {
            html = nil
            return
        }
        // GitHub's anchors: `## Quick start` is `#quick-start`, so links work here and there.
        let headings = Modifier(target: .headings) { html, markdown in
            let title = markdown.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            guard let close = html.firstIndex(of: ">") else { return html }
            return html[..<close] + " id=\"\(Self.anchor(for: title))\"" + html[close...]
        }
        let body = MarkdownParser(modifiers: [headings]).html(from: markdown)
        html = Self.page(body: body)
    }

    /// Adds the route to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/readme") { _, _ in
            guard let html else { throw APIError.notFound }
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }

    /// GitHub's anchor for a heading: lower case, spaces to hyphens, punctuation dropped.
    static func anchor(for title: String) -> String {
        String(title.lowercased().compactMap { character -> Character? in
            if character == " " { return "-" }
            return character.isLetter || character.isNumber || character == "-" || character == "_" ? character : nil
        })
    }

    static func page(body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>encrypted-gather: README</title>
        <style>
        :root { color-scheme: light dark; }
        body { font: 16px/1.55 system-ui, sans-serif; max-width: 52rem; margin: 2.5rem auto; padding: 0 1.25rem; }
        pre { overflow-x: auto; padding: .8rem 1rem; border-radius: .5rem; background: color-mix(in srgb, currentColor 8%, transparent); }
        code { font-size: .92em; }
        table { border-collapse: collapse; display: block; overflow-x: auto; }
        th, td { border: 1px solid color-mix(in srgb, currentColor 25%, transparent); padding: .35rem .6rem; text-align: left; vertical-align: top; }
        img { max-width: 100%; }
        </style></head>
        <body><p><a href="/">← encrypted-gather</a></p>
        \(body)
        </body></html>
        """
    }
}
