import { barChartSvg } from './bar-chart';

describe('report bar charts', () => {
  it('draws an SVG image with a title and no inline style (the CSP allows none)', () => {
    const svg = barChartSvg({ id: 'c-title', title: 'Applications', axis: 'Applications', bars: [{ label: 'Applied', value: 12 }, { label: 'Eligible', value: null }] });
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="c-title">Applications</title>');
    expect(svg).not.toMatch(/style=|<style/);
    expect(svg).not.toContain('aria-label=');
  });

  it('draws nothing when every figure is withheld or zero', () => {
    expect(barChartSvg({ id: 'c', title: 't', axis: 'a', bars: [{ label: 'x', value: null }, { label: 'y', value: 0 }] })).toBe('');
  });
});
