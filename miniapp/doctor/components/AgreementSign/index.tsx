import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { AgreementView } from '@healthpocket/shared-types';
import type { AgreementSignatureInput } from '../../../services/doctor-api';
import './index.scss';

/**
 * The 签约服务协议书 in full with an explicit signature step: the box ticked (勾选) and the signer's
 * real name typed (签署). The BFF checks the name against the verified identity and the version
 * against the one in force; this step only keeps an unticked or unnamed form from being sent.
 */
export function AgreementSign(props: { agreement: AgreementView; busy?: boolean; submitText: string; error?: string | null; onSign: (s: AgreementSignatureInput) => void }) {
  const { agreement } = props;
  const [accepted, setAccepted] = useState(false);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const sign = () => {
    if (!accepted) return setProblem('请先阅读并勾选同意协议');
    if (!name.trim()) return setProblem('请输入您的姓名完成签署');
    setProblem(null);
    props.onSign({ version: agreement.version, accepted: true, signerName: name.trim() });
  };

  return (
    <View className='agr' data-testid='agreement'>
      <Text className='agr__title'>{agreement.title}</Text>
      <Text className='agr__version' data-testid='agreement-version'>
        版本 {agreement.version} · {agreement.effectiveFrom} 起施行
      </Text>
      <View className='agr__text'>
        {agreement.clauses.map((c, i) => (
          <Text key={i} className='agr__clause'>
            {i + 1}. {c}
          </Text>
        ))}
      </View>
      <View
        className={`agr__check ${accepted ? 'agr__check--on' : ''}`}
        role='checkbox'
        aria-checked={accepted ? 'true' : 'false'}
        data-testid='agreement-accept'
        onClick={() => setAccepted(!accepted)}
      >
        <Text className='agr__box'>{accepted ? '☑' : '☐'}</Text>
        <Text>我已阅读并同意《{agreement.title}》</Text>
      </View>
      <View className='agr__signer'>
        <Text className='hp-field__label'>签署人姓名（与实名认证一致）</Text>
        <Input className='hp-field__input' data-testid='agreement-name' maxlength={32} value={name} placeholder='请输入您的真实姓名' onInput={(e) => setName(e.detail.value)} />
      </View>
      {(problem ?? props.error) && (
        <View className='agr__error' role='alert' data-testid={problem ? 'agreement-problem' : 'agreement-error'}>
          {problem ?? props.error}
        </View>
      )}
      <Button className={`hp-btn hp-btn--block ${props.busy ? 'hp-btn--busy' : ''}`} data-testid='agreement-sign' onClick={() => !props.busy && sign()}>
        {props.submitText}
      </Button>
    </View>
  );
}
