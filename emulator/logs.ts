/** The emulator's log: printed (unless quiet) and kept in a ring buffer for the dev UI. */
export interface LogLine {
  at: number;
  text: string;
}

export class LogRing {
  private readonly lines: LogLine[] = [];

  constructor(
    private readonly capacity = 2000,
    private readonly print: ((line: string) => void) | null = (l) => process.stdout.write(l + '\n'),
  ) {}

  log = (text: string): void => {
    this.lines.push({ at: Date.now(), text });
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    this.print?.(text);
  };

  tail(n = 200): LogLine[] {
    return this.lines.slice(-n);
  }
}
