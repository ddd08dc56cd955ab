import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { TriageAdvice, TriageCatalogue } from '@healthpocket/shared-types';
import TriagePage from './index';
import { mockRequests } from '../../../test/helpers';

const catalogue: TriageCatalogue = {
  bodyParts: [
    {
      id: 'chest',
      label: '胸部',
      symptoms: [
        { id: 'chest-pain-severe', label: '突发剧烈胸痛', redFlag: true },
        { id: 'cough-fever', label: '发热、咳嗽、咳痰', redFlag: false },
      ],
    },
    { id: 'face', label: '眼、耳鼻喉、口腔', symptoms: [{ id: 'tooth-caries', label: '牙痛', redFlag: false }] },
  ],
  notice: '导诊建议……不能代替医生诊断。',
  emergency: { phone: '120', text: '如出现剧烈胸痛……请立即拨打120' },
  sources: [{ id: 'ah-wjw', title: '安徽省卫生健康委员会“对症挂号”指南', url: 'https://example.org' }],
};
const advice = (o: Partial<TriageAdvice>): TriageAdvice => ({ emergency: false, emergencyText: null, matched: [], suggestions: [], notice: catalogue.notice, ...o });

describe('智能导诊 page', () => {
  it('always offers 120, and a chosen symptom leads to the department to book, with its source', async () => {
    const calls = mockRequests((c) => {
      if (c.url.endsWith('/api/v1/booking/triage')) return { status: 200, data: catalogue };
      if (c.url.includes('/triage/advice')) {
        return {
          status: 200,
          data: advice({ suggestions: [{ department: '口腔科', why: '龋齿导致的牙痛，建议口腔科', sourceIds: ['ah-wjw'], departments: [{ id: 'H001-D15', name: '口腔科', location: '门诊楼4层' }] }] }),
        };
      }
      return undefined;
    });
    render(<TriagePage />);
    fireEvent.click(await screen.findByTestId('call-120'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '120' });
    fireEvent.click(screen.getByTestId('triage-part-face'));
    fireEvent.click(screen.getByTestId('triage-symptom-tooth-caries'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('triage-go'));
    });
    expect(calls.find((c) => c.url.includes('/triage/advice'))!.url).toContain('symptoms=tooth-caries');
    const card = await screen.findByTestId('triage-dept-口腔科');
    expect(card.textContent).toContain('门诊楼4层');
    expect(card.textContent).toContain('安徽省卫生健康委员会');
    expect(screen.queryByTestId('triage-red-flag')).toBeNull();
  });

  it('a red flag puts 急诊/120 above any department', async () => {
    mockRequests((c) => {
      if (c.url.endsWith('/api/v1/booking/triage')) return { status: 200, data: catalogue };
      if (c.url.includes('/triage/advice'))
        return {
          status: 200,
          data: advice({ emergency: true, emergencyText: '请立即拨打120或到最近医院急诊科就诊', suggestions: [{ department: '心血管内科', why: '…', sourceIds: ['ah-wjw'], departments: [] }] }),
        };
      return undefined;
    });
    render(<TriagePage />);
    fireEvent.click(await screen.findByTestId('triage-symptom-chest-pain-severe'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('triage-go'));
    });
    const flag = await screen.findByTestId('triage-red-flag');
    expect(flag.textContent).toContain('120');
    const order = screen.getByTestId('triage-advice').innerHTML;
    expect(order.indexOf('triage-red-flag')).toBeLessThan(order.indexOf('triage-dept-心血管内科'));
    expect(screen.getByTestId('triage-dept-心血管内科').textContent).toContain('病情稳定后');
  });

  it('asks for a symptom or words before asking the server', async () => {
    const calls = mockRequests((c) => (c.url.endsWith('/api/v1/booking/triage') ? { status: 200, data: catalogue } : undefined));
    render(<TriagePage />);
    fireEvent.click(await screen.findByTestId('triage-go'));
    expect(screen.getByTestId('triage-error').textContent).toContain('请选择症状');
    expect(calls.some((c) => c.url.includes('/advice'))).toBe(false);
  });
});
