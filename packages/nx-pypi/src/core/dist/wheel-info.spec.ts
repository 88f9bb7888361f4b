import { parsePyProject } from '../pyproject';
import { renderEntryPoints, renderWheelInfo } from './wheel-info';

describe('renderWheelInfo', () => {
  it('writes a pure-Python WHEEL file naming nx-pypi as the generator', () => {
    expect(renderWheelInfo('0.1.0')).toBe('Wheel-Version: 1.0\nGenerator: nx-pypi 0.1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n');
  });

  it('expands a compressed tag set into one Tag line per tag, as the wheel spec asks', () => {
    expect(renderWheelInfo('0.1.0', 'py2.py3-none-any')).toBe(
      'Wheel-Version: 1.0\nGenerator: nx-pypi 0.1.0\nRoot-Is-Purelib: true\nTag: py2-none-any\nTag: py3-none-any\n',
    );
  });
});

describe('renderEntryPoints', () => {
  it('writes console and gui scripts first, then the other groups', () => {
    const p = parsePyProject(
      `[project]\nname = "x"\nversion = "1"\n[project.scripts]\nx-cli = "x.cli:main"\n[project.gui-scripts]\nx-gui = "x.gui:run"\n[project.entry-points."nx.plugins"]\nx = "x.plugin"\n`,
      'p',
    );
    expect(renderEntryPoints(p)).toBe('[console_scripts]\nx-cli = x.cli:main\n\n[gui_scripts]\nx-gui = x.gui:run\n\n[nx.plugins]\nx = x.plugin\n');
  });

  it('returns undefined when there is nothing to write', () => {
    expect(renderEntryPoints(parsePyProject('[project]\nname = "x"\nversion = "1"\n', 'p'))).toBeUndefined();
  });
});
