/**
 * 智能导诊 as data: body part → symptom → department, each line with the published guide it comes
 * from (`sources`). Guidance for choosing a department, never a diagnosis; a red-flag symptom sends
 * the resident to 急诊/120 first. Department names are the common 诊疗科目 names; a hospital without
 * one says so and points to its 导诊台. Add a line only with its source.
 */
export const TRIAGE_SOURCES = [
  {
    id: 'ah-wjw',
    title: '安徽省卫生健康委员会“对症挂号”指南（头痛、眩晕、牙痛、胸痛、腹痛、腿痛）',
    url: 'https://blob.wenxiaobai.com/article/181be60f-100b-8048-7984-030a7670806b',
  },
  {
    id: 'tiantan',
    title: '北京天坛医院专家“挂号指南”（京医通）',
    url: 'https://isolves.com/sh/jk/2020-12-08/34293.html',
  },
  {
    id: 'nhc-2026-01',
    title: '国家卫生健康委新闻发布会（2026-01-13）：危险性高的胸痛的表现',
    url: 'https://jkchina.org/newshtml/news_81400.html',
  },
  {
    id: 'choose-dept',
    title: '如何正确选择就诊科室（按受伤部位、发热、呕吐腹泻、小便问题、颈肩腰腿痛挂号）',
    url: 'https://cont.jd.com/content/1008022868295686',
  },
  {
    id: 'pumch-breast',
    title: '北京协和医院妇产科专家谈挂错号：乳腺疾病挂乳腺外科',
    url: 'http://health.ifeng.com/disease/mistake/detail_2011_06/02/6789897_0.shtml',
  },
] as const;

type SourceId = (typeof TRIAGE_SOURCES)[number]['id'];

export interface SymptomLine {
  id: string;
  label: string;
  /** Words in a free-text description that point to this line. */
  keywords: string[];
  /** 急诊/120 first. */
  redFlag?: boolean;
  departments: string[];
  why: string;
  sources: SourceId[];
}

export interface BodyPart {
  id: string;
  label: string;
  symptoms: SymptomLine[];
}

export const BODY_PARTS: BodyPart[] = [
  {
    id: 'head',
    label: '头部',
    symptoms: [
      {
        id: 'headache-eye',
        label: '头痛伴眼眶痛、视物模糊',
        keywords: ['眼眶', '视物模糊', '看不清'],
        departments: ['眼科'],
        why: '看书写字时头痛伴眼眶痛、视物模糊、流泪或结膜充血，建议眼科',
        sources: ['ah-wjw'],
      },
      {
        id: 'headache-sudden',
        label: '突然剧烈头痛伴恶心呕吐',
        keywords: ['剧烈头痛', '头痛呕吐'],
        departments: ['神经内科'],
        why: '突然剧烈头痛、伴恶心呕吐、难以忍受，建议神经内科',
        sources: ['ah-wjw'],
      },
      {
        id: 'headache-chronic',
        label: '偏头痛或反复头痛、失眠',
        keywords: ['偏头痛', '头痛', '头疼'],
        departments: ['神经内科'],
        why: '偏头痛或慢性、持续性头痛，与疲劳紧张有关，建议神经内科',
        sources: ['ah-wjw', 'tiantan'],
      },
      {
        id: 'headache-nose',
        label: '头痛伴耳鸣、鼻塞流脓涕',
        keywords: ['耳鸣', '鼻塞', '流鼻涕', '脓涕'],
        departments: ['耳鼻咽喉科'],
        why: '头痛时伴眩晕耳鸣或鼻塞、流脓鼻涕，建议耳鼻喉科',
        sources: ['ah-wjw'],
      },
      {
        id: 'head-injury',
        label: '头部外伤后剧烈头痛、呕吐、神志不清',
        keywords: ['摔到头', '头部外伤', '神志不清', '昏迷'],
        redFlag: true,
        departments: ['神经外科'],
        why: '外伤引发剧烈头痛、呕吐并神志不清，建议神经外科；情况危急请先急诊',
        sources: ['ah-wjw'],
      },
      {
        id: 'dizzy-position',
        label: '头晕，躺下或翻身时加重',
        keywords: ['翻身头晕', '躺下头晕', '眩晕'],
        departments: ['耳鼻咽喉科'],
        why: '头晕与头的位置改变有关，建议耳鼻喉科',
        sources: ['ah-wjw'],
      },
      { id: 'dizzy-neck', label: '头晕伴脖子痛、手脚麻', keywords: ['手脚麻', '脖子痛'], departments: ['骨科'], why: '晕时脖子疼、伴手脚麻，建议骨科', sources: ['ah-wjw'] },
      {
        id: 'dizzy',
        label: '头晕、肢体麻木无力',
        keywords: ['头晕', '肢体麻木', '肢体无力', '抽搐'],
        departments: ['神经内科'],
        why: '头痛、头晕、肢体麻木或无力、抽搐等初次就诊，建议神经内科',
        sources: ['tiantan'],
      },
    ],
  },
  {
    id: 'chest',
    label: '胸部',
    symptoms: [
      {
        id: 'chest-pain-severe',
        label: '突发剧烈胸痛、大汗，20分钟以上不缓解',
        keywords: ['剧烈胸痛', '胸痛大汗', '胸口压榨', '撕裂样'],
        redFlag: true,
        departments: ['心血管内科'],
        why: '持续不缓解的剧烈胸痛，可能是心肌梗死、主动脉夹层等急症',
        sources: ['nhc-2026-01', 'tiantan'],
      },
      {
        id: 'breath-sudden',
        label: '突发呼吸困难、喘不上气',
        keywords: ['呼吸困难', '喘不上气', '憋气'],
        redFlag: true,
        departments: ['呼吸内科'],
        why: '突发呼吸困难属急症，请先急诊',
        sources: ['tiantan'],
      },
      {
        id: 'chest-tight',
        label: '胸闷、心慌、气短',
        keywords: ['胸闷', '心慌', '心悸', '气短', '胸痛'],
        departments: ['心血管内科'],
        why: '自觉胸痛、胸闷、心悸、气短，建议心内科',
        sources: ['tiantan'],
      },
      { id: 'cough-fever', label: '发热、咳嗽、咳痰', keywords: ['咳嗽', '咳痰', '发烧', '发热'], departments: ['呼吸内科'], why: '发热并咳嗽咳痰挂呼吸科', sources: ['choose-dept'] },
      { id: 'breast', label: '乳房疼痛、肿块', keywords: ['乳房', '乳腺'], departments: ['乳腺外科'], why: '乳腺疾病挂乳腺外科，没有的话挂普通外科', sources: ['pumch-breast'] },
    ],
  },
  {
    id: 'belly',
    label: '腹部',
    symptoms: [
      { id: 'vomit-diarrhea', label: '呕吐、腹泻、反酸', keywords: ['呕吐', '腹泻', '拉肚子', '反酸'], departments: ['消化内科'], why: '呕吐腹泻挂消化内科', sources: ['choose-dept'] },
      { id: 'belly-pain', label: '腹痛', keywords: ['腹痛', '肚子痛', '肚子疼'], departments: ['消化内科', '普通外科'], why: '腹痛可挂普外科或消化内科', sources: ['choose-dept'] },
    ],
  },
  {
    id: 'face',
    label: '眼、耳鼻喉、口腔',
    symptoms: [
      { id: 'tooth-caries', label: '牙痛，喝冷水时加重', keywords: ['牙痛', '牙疼', '龋齿', '蛀牙'], departments: ['口腔科'], why: '龋齿导致的牙痛，建议口腔（牙体牙髓）科', sources: ['ah-wjw'] },
      { id: 'tooth-nose', label: '牙痛连着脸痛、鼻塞', keywords: ['脸痛'], departments: ['耳鼻咽喉科'], why: '牙痛连同一侧的嘴和脸都疼、鼻塞，建议耳鼻喉科', sources: ['ah-wjw'] },
      { id: 'eye', label: '眼睛不适、用眼后头晕', keywords: ['眼睛', '视力'], departments: ['眼科'], why: '用眼过度时头晕，建议眼科', sources: ['ah-wjw'] },
    ],
  },
  {
    id: 'limbs',
    label: '颈肩腰腿',
    symptoms: [
      { id: 'back-leg', label: '颈肩腰腿痛', keywords: ['腰痛', '腿痛', '颈椎', '肩痛', '关节痛'], departments: ['骨科'], why: '颈肩腰腿痛挂骨科', sources: ['choose-dept'] },
      { id: 'limb-injury', label: '四肢或脊柱受伤', keywords: ['扭伤', '骨折', '摔伤'], departments: ['骨科'], why: '四肢脊柱受伤可挂骨科；多处受伤以最严重处为准', sources: ['choose-dept'] },
    ],
  },
  {
    id: 'urine',
    label: '泌尿',
    symptoms: [{ id: 'urine', label: '尿频、尿急、尿痛', keywords: ['尿频', '尿急', '尿痛', '小便'], departments: ['泌尿外科'], why: '小便问题可挂泌尿科', sources: ['choose-dept'] }],
  },
  {
    id: 'mind',
    label: '情绪与睡眠',
    symptoms: [
      {
        id: 'mood-sleep',
        label: '情绪低落、睡不好',
        keywords: ['失眠', '睡不着', '情绪低落', '焦虑'],
        departments: ['精神科', '中医科'],
        why: '心情不好、情绪低落、睡不着睡不好，挂精神（心理）科；也可看中医科',
        sources: ['tiantan'],
      },
    ],
  },
];

export const TRIAGE_NOTICE = '导诊建议依据公开的医院与卫生健康部门挂号指南，仅帮助您选择科室，不能代替医生诊断。拿不准时请到医院导诊台或分诊台咨询。';
export const EMERGENCY_TEXT = '如出现剧烈胸痛、呼吸困难、意识不清、大出血等紧急情况，请立即拨打120或到最近医院急诊科就诊，不要等待预约。';
