import { describe, expect, it } from 'vitest'
import { caseNumberGroups, groupCaseNumber, isCaseNumber } from '@/lib/caseNumber'

describe('the case number grouped for reading out', () => {
  it('splits an ordinary day’s number into date, sequence and check digit', () => {
    expect(groupCaseNumber('261121000424')).toBe('261121 00042 4')
  })

  it('keeps a six-digit sequence in one group', () => {
    expect(groupCaseNumber('2611211234567')).toBe('261121 123456 7')
  })

  it('splits a longer sequence in fours', () => {
    expect(groupCaseNumber('261130123456781')).toBe('261130 1234 5678 1')
    expect(caseNumberGroups('261130123456781')).toEqual(['261130', '1234', '5678', '1'])
  })

  it('reads a number that was typed with spaces', () => {
    expect(groupCaseNumber('261121 00042 4')).toBe('261121 00042 4')
  })

  it('leaves what is not a case number as it is', () => {
    expect(groupCaseNumber('12345')).toBe('12345')
    expect(groupCaseNumber('abc')).toBe('abc')
  })
})

describe('the check digit', () => {
  it('accepts a number whose Luhn check digit holds', () => {
    expect(isCaseNumber('261121000424')).toBe(true)
    expect(isCaseNumber('26112100042715')).toBe(true)
    expect(isCaseNumber('261121 00042 4')).toBe(true)
  })

  it('catches a mis-heard digit and a swapped pair', () => {
    expect(isCaseNumber('261121000434')).toBe(false)
    expect(isCaseNumber('261121000244')).toBe(false)
  })

  it('refuses what is too short or not digits', () => {
    expect(isCaseNumber('2611210004')).toBe(false)
    expect(isCaseNumber('26112100042x')).toBe(false)
  })
})
