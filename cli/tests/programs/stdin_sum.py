# Reads numbers from stdin until end of file (input() and EOFError), then
# reports with sys.exit's status.
import sys

total = 0
count = 0
while True:
    try:
        line = input('number? ')
    except EOFError:
        print()
        break
    line = line.strip()
    if not line:
        continue
    try:
        total += int(line)
        count += 1
    except ValueError as e:
        print('skipped:', e)
print('count', count, 'total', total, 'mean', round(total / count, 3) if count else None)
sys.exit(0 if count else 3)
