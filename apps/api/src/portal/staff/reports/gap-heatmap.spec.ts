import { gapHeatmapSvg, HEATMAP_COLOURS } from './gap-heatmap';

describe('the gap heatmap', () => {
  const cells = [
    { row: 'Tees Valley ICB', competency: 'Finance', gap: 0.6, suppressed: false },
    { row: 'Tees Valley ICB', competency: 'HR and workforce', gap: null, suppressed: true },
    { row: 'East London ICB', competency: 'Finance', gap: -0.4, suppressed: false },
    { row: 'East London ICB', competency: 'HR and workforce', gap: null, suppressed: false },
  ];
  const svg = gapHeatmapSvg(cells, { rows: ['East London ICB', 'Tees Valley ICB', 'Nowhere ICB'], competencies: ['Finance', 'HR and workforce'], rowLabel: 'ICB', title: 'The gap by ICB', id: 'gap-pm' });

  it('is an image with a title and no inline style (the CSP allows none)', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="gap-pm-title"');
    expect(svg).toContain('<title id="gap-pm-title">The gap by ICB</title>');
    expect(svg).not.toMatch(/style=|<style/);
  });

  it('draws one square per cell, the figure in it: the gap, "<5" when suppressed, "no profile" without a level', () => {
    // The grid (2 rows x 2 competencies) and one square per cell.
    expect(svg.match(/<rect/g)).toHaveLength(4 + 4);
    for (const text of ['+0.6', '-0.4', '&lt;5', 'no profile']) expect(svg).toContain(`>${text}<`);
    expect(svg).toContain(`fill="${HEATMAP_COLOURS.suppressed}"`);
    // Rows without cells are left out.
    expect(svg).not.toContain('Nowhere ICB');
  });

  it('draws nothing without cells', () => {
    expect(gapHeatmapSvg([], { rows: [], competencies: [], rowLabel: 'ICB', title: 't', id: 'x' })).toBe('');
  });
});
