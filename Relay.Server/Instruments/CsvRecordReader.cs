namespace Relay.Server.Instruments;

/// <summary>
/// A forward-only RFC 4180 reader: comma-separated fields, fields optionally in double quotes, a doubled quote
/// inside a quoted field is one quote, quoted fields may hold commas and line breaks. Records end with LF,
/// CRLF or CR; blank lines are skipped. Lenient where the RFC is silent: a quote inside an unquoted field is a
/// literal character. Columns the caller does not need can be skipped without allocating a string.
/// </summary>
internal sealed class CsvRecordReader
{
    private const int BufferSize = 64 * 1024;

    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[BufferSize];
    private char[] _field = new char[256];
    private int _fieldLength;
    private int _position;
    private int _length;
    private long _line = 1;
    private bool _endOfInput;

    public CsvRecordReader(TextReader reader) => _reader = reader;

    /// <summary>The 1-based line on which the last record returned started.</summary>
    public long RecordLine { get; private set; }

    /// <summary>
    /// When set, only columns whose entry is true are materialised; others are returned as <c>null</c> (columns
    /// past the end of the mask too). Default <c>null</c>: every column.
    /// </summary>
    public bool[]? KeepColumns { get; set; }

    /// <summary>
    /// Reads the next record into <paramref name="fields"/> (cleared first). Returns false at the end of the
    /// input. <paramref name="error"/> describes a malformed record (the record is still consumed whole).
    /// </summary>
    public bool TryReadRecord(List<string?> fields, out string? error)
    {
        ArgumentNullException.ThrowIfNull(fields);
        fields.Clear();
        error = null;

        // Skip blank lines between records.
        while (true)
        {
            var c = Peek();
            if (c < 0)
            {
                return false;
            }

            if (c is '\n' or '\r')
            {
                ConsumeLineBreak();
                continue;
            }

            break;
        }

        RecordLine = _line;
        while (true)
        {
            var column = fields.Count;
            var keep = KeepColumns is not { } mask || (column < mask.Length && mask[column]);
            _fieldLength = 0;
            int terminator;
            if (Peek() == '"')
            {
                Advance();
                terminator = ReadQuoted(keep, ref error);
            }
            else
            {
                terminator = ReadUnquoted(keep);
            }

            fields.Add(keep ? new string(_field, 0, _fieldLength) : null);
            if (terminator == ',')
            {
                continue;
            }

            // End of record: a line break (consumed) or the end of the input.
            return true;
        }
    }

    // Reads up to the next unquoted comma or line break; returns ',' or '\n' (line break consumed) or -1 (end).
    private int ReadUnquoted(bool keep)
    {
        while (true)
        {
            if (_position == _length && !Fill())
            {
                return -1;
            }

            // Scan the buffered run without per-character calls.
            var start = _position;
            var span = _buffer.AsSpan(start, _length - start);
            var stop = span.IndexOfAny(',', '\n', '\r');
            var run = stop < 0 ? span : span[..stop];
            if (keep)
            {
                Append(run);
            }

            _position += run.Length;
            if (stop < 0)
            {
                continue;
            }

            var c = _buffer[_position];
            if (c == ',')
            {
                _position++;
                return ',';
            }

            ConsumeLineBreak();
            return '\n';
        }
    }

    // After the opening quote: reads to the closing quote, then to the field's end.
    private int ReadQuoted(bool keep, ref string? error)
    {
        while (true)
        {
            var c = Read();
            if (c < 0)
            {
                error ??= "unterminated quoted field (a closing \" is missing)";
                return -1;
            }

            if (c == '"')
            {
                if (Peek() == '"')
                {
                    Advance();
                    if (keep)
                    {
                        Append('"');
                    }

                    continue;
                }

                break;
            }

            if (c == '\n' || (c == '\r' && Peek() != '\n'))
            {
                _line++;
            }

            if (keep)
            {
                Append((char)c);
            }
        }

        // After the closing quote only a separator may follow.
        var next = Peek();
        switch (next)
        {
            case < 0:
                return -1;
            case ',':
                Advance();
                return ',';
            case '\n' or '\r':
                ConsumeLineBreak();
                return '\n';
            default:
                error ??= "unexpected text after a closing quote";

                // Keep the rest of the field as text so the record stays aligned.
                var terminator = ReadUnquoted(keep);
                return terminator;
        }
    }

    private void ConsumeLineBreak()
    {
        var c = Read();
        if (c == '\r' && Peek() == '\n')
        {
            Advance();
        }

        _line++;
    }

    private int Peek()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position];
    }

    private int Read()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position++];
    }

    private void Advance() => _position++;

    private bool Fill()
    {
        if (_endOfInput)
        {
            return false;
        }

        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        if (_length == 0)
        {
            _endOfInput = true;
            return false;
        }

        return true;
    }

    private void Append(char c)
    {
        if (_fieldLength == _field.Length)
        {
            Array.Resize(ref _field, _field.Length * 2);
        }

        _field[_fieldLength++] = c;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_fieldLength + text.Length > _field.Length)
        {
            Array.Resize(ref _field, Math.Max(_field.Length * 2, _fieldLength + text.Length));
        }

        text.CopyTo(_field.AsSpan(_fieldLength));
        _fieldLength += text.Length;
    }
}
