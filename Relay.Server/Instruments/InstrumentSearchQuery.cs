using System.Text;

namespace Relay.Server.Instruments;

/// <summary>
/// A user's search text turned into the three tier queries of <see cref="InstrumentSearch"/>. User text never
/// reaches FTS5 syntax unquoted: it is split into letter/digit words (as FTS5's unicode61 tokenizer splits),
/// and each word is emitted as a quoted string with a prefix star.
/// </summary>
internal sealed class InstrumentSearchQuery
{
    /// <summary>Search text beyond this length is ignored.</summary>
    public const int MaxLength = 64;

    /// <summary>Words beyond this count are ignored.</summary>
    public const int MaxWords = 8;

    private InstrumentSearchQuery(string exactSymbol, IReadOnlyList<string> words)
    {
        ExactSymbol = exactSymbol;
        Words = words;
        if (words.Count > 0)
        {
            // Symbol prefix: the symbol's first words are the query's words, the last one as a prefix
            // (NIFTY, NIFTY-Dec2026-FUT for "nifty"; NIFTY-Dec2026-24000-CE for "nifty dec2026 24000").
            PrefixMatch = $"symbol : ^ {Quote(string.Join(' ', words))} *";

            // Contains: every word starts a word of the symbol or the display name, in any order.
            ContainsMatch = string.Join(" AND ", words.Select(w => $"{Quote(w)} *"));
        }
    }

    /// <summary>The upper-case search text with single spaces, compared with the whole symbol.</summary>
    public string ExactSymbol { get; }

    /// <summary>The lower-case words of the search text.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>The FTS5 expression for the symbol-prefix tier, or <c>null</c> when the text has no words.</summary>
    public string? PrefixMatch { get; }

    /// <summary>The FTS5 expression for the contains tier, or <c>null</c> when the text has no words.</summary>
    public string? ContainsMatch { get; }

    /// <summary>True when nothing can match (blank text).</summary>
    public bool IsEmpty => ExactSymbol.Length == 0;

    /// <summary>Normalises <paramref name="text"/>.</summary>
    public static InstrumentSearchQuery Parse(string? text)
    {
        text = (text ?? "").Trim();
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength];
        }

        var exact = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (exact.Length > 0 && exact[^1] != ' ')
                {
                    exact.Append(' ');
                }
            }
            else
            {
                exact.Append(char.ToUpperInvariant(c));
            }
        }

        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                AddWord(words, word);
            }
        }

        AddWord(words, word);
        return new InstrumentSearchQuery(exact.ToString().TrimEnd(), words);
    }

    private static void AddWord(List<string> words, StringBuilder word)
    {
        if (word.Length > 0 && words.Count < MaxWords)
        {
            words.Add(word.ToString());
        }

        word.Clear();
    }

    // An FTS5 string: double quotes around, embedded quotes doubled. Words hold letters and digits only, so
    // this is belt and braces.
    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
